package dev.antipop.chat.server;

import java.security.SecureRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * New invite codes: {@value #LENGTH} characters from a 57-letter alphabet without look-alikes (no 0/O, 1/l/I), drawn
 * from {@link SecureRandom}: about 58 bits, so codes cannot be guessed at any rate an API allows (OWASP ASVS 2.1
 * asks 64+ bits only of session tokens; an invite grants membership of one server, and a taken code is refused by its
 * uniqueness claim). Codes never expire; a leaked one is contained by kicking whom it let in.
 */
public final class InviteCodes implements Supplier<String> {

    /** Characters of a code. */
    public static final int LENGTH = 10;

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** What a client may send as a code (a looser shape than issued codes, for codes issued by older versions). */
    public static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9]{6,32}");

    private final SecureRandom random = new SecureRandom();

    @Override
    public String get() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
