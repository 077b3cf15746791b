package dev.antipop.identity.user;

import java.util.Set;

/** The roles of the identity context (source design 000: admin, moderator, customer). */
public final class Roles {

    /** May change other users' roles; capabilities {@code >}. */
    public static final String ADMIN = "admin";
    /** Moderates chat and content. */
    public static final String MODERATOR = "moderator";
    /** A buyer in commerce; the role every new user gets. */
    public static final String CUSTOMER = "customer";

    /** Every role a command may name. */
    public static final Set<String> ALL = Set.of(ADMIN, MODERATOR, CUSTOMER);

    private Roles() {}
}
