package dev.antipop.core.store;

/** An append's uniqueness claim ({@code kind#value}) is already held. Stack trace not captured. */
public class UniqueClaimConflictException extends RuntimeException {

    private final String claim;

    /** @param claim the claim that is taken, {@code kind#value} */
    public UniqueClaimConflictException(String claim) {
        super("Unique claim already taken: " + kindOf(claim), null, false, false);
        this.claim = claim;
    }

    /** The taken claim, {@code kind#value}. */
    public String claim() {
        return claim;
    }

    /** The part of the claim before the first {@code #} (the whole claim if it has none): {@code email}. */
    public String kind() {
        return kindOf(claim);
    }

    private static String kindOf(String claim) {
        int hash = claim.indexOf('#');
        return hash < 0 ? claim : claim.substring(0, hash);
    }
}
