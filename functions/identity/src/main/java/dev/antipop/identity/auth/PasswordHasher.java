package dev.antipop.identity.auth;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;

/**
 * argon2id password hashing (RFC 9106) through argon2-jvm's bundled native library.
 *
 * <p>Parameters are configuration; the defaults are OWASP's minimum for argon2id ("Password Storage Cheat Sheet":
 * m = 19 MiB, t = 2, p = 1), and the constructor refuses anything weaker. Hashes are PHC strings that carry their
 * own parameters, so raising them later keeps old hashes verifiable.
 */
public final class PasswordHasher {

    /** OWASP minimum memory: 19 MiB, in KiB. */
    public static final int MIN_MEMORY_KIB = 19 * 1024;
    /** OWASP minimum iterations with 19 MiB. */
    public static final int MIN_ITERATIONS = 2;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final String decoy;

    /**
     * @param memoryKib memory cost in KiB (≥ 19456)
     * @param iterations time cost (≥ 2)
     * @param parallelism lanes (≥ 1)
     * @throws IllegalArgumentException below OWASP's minimum
     */
    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        if (memoryKib < MIN_MEMORY_KIB || iterations < MIN_ITERATIONS || parallelism < 1) {
            throw new IllegalArgumentException("argon2id parameters below OWASP's minimum (m=19456 KiB, t=2, p=1): m="
                    + memoryKib + ", t=" + iterations + ", p=" + parallelism);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.decoy = hash("decoy password used to equalise login timing".toCharArray());
    }

    /** The PHC string of {@code password}; the array is wiped afterwards. */
    public String hash(char[] password) {
        try {
            return argon2.hash(iterations, memoryKib, parallelism, password);
        } finally {
            argon2.wipeArray(password);
        }
    }

    /** Whether {@code password} matches {@code hash}; the array is wiped afterwards. */
    public boolean verify(String hash, char[] password) {
        try {
            return argon2.verify(hash, password);
        } finally {
            argon2.wipeArray(password);
        }
    }

    /**
     * Spends the time of one verification and answers false: used for unknown emails, so a login's duration does not
     * tell whether an account exists (OWASP Authentication Cheat Sheet, "Authentication responses").
     */
    public boolean verifyDecoy(char[] password) {
        verify(decoy, password);
        return false;
    }
}
