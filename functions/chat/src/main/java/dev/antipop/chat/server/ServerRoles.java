package dev.antipop.chat.server;

/**
 * Membership roles in a chat server (scope {@code server} of the memberships table). The owner moderates too; a
 * {@code moderator} role is recognised everywhere moderation is checked, ready for a command that grants it.
 */
public final class ServerRoles {

    /** The membership scope of chat servers. */
    public static final String SCOPE = "server";

    /** The server's creator. */
    public static final String OWNER = "owner";

    /** A member who may kick members and moderate channels and messages. */
    public static final String MODERATOR = "moderator";

    /** Everyone who joined by an invite. */
    public static final String MEMBER = "member";

    private ServerRoles() {}

    /** Whether {@code role} (null: not a member) moderates: the owner or a moderator. */
    public static boolean moderates(String role) {
        return OWNER.equals(role) || MODERATOR.equals(role);
    }
}
