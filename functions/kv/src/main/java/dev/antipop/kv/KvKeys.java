package dev.antipop.kv;

import dev.antipop.core.command.CommandException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bucket names and keys. A key is {@code .}-separated tokens of letters, digits, {@code -} and {@code _} (NATS KV's key
 * alphabet without its separator, and without {@code /} and {@code =}, which a key in a URL path would need escaped), at most {@value #MAX_KEY_LENGTH} characters and {@value
 * #MAX_TOKENS} tokens in all with the {@code kv.<bucket>.} prefix (a subject has at most 16 tokens and 256
 * characters).
 */
public final class KvKeys {

    /** A bucket name: lower case letter, then lower case letters, digits, {@code -} and {@code _}, at most 32. */
    public static final String BUCKET = "[a-z][a-z0-9_-]{0,31}";

    /** Longest key, in characters. */
    public static final int MAX_KEY_LENGTH = 200;

    /** Most tokens in a key. */
    public static final int MAX_TOKENS = 14;

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private KvKeys() {}

    /** @throws CommandException {@code validation_failed} on {@code key} */
    public static void requireKey(String key) {
        if (key == null
                || key.length() > MAX_KEY_LENGTH
                || !KEY.matcher(key).matches()
                || key.split("\\.").length > MAX_TOKENS) {
            throw CommandException.validation(Map.of(
                    "key",
                    "must be 1 to " + MAX_TOKENS + " '.'-separated tokens of letters, digits, - and _, at most "
                            + MAX_KEY_LENGTH + " characters"));
        }
    }

    /** The subject of a key: {@code kv.<bucket>.<key>}. */
    public static String subjectOf(String bucket, String key) {
        return BucketGrant.SUBJECT_PREFIX + bucket + "." + key;
    }

    /** The stream of a bucket: {@code bucket-<name>}; its versions are the bucket's revisions. */
    public static String streamOf(String bucket) {
        return "bucket-" + bucket;
    }
}
