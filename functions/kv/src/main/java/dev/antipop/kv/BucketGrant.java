package dev.antipop.kv;

import dev.antipop.runtime.context.SubjectGrant;
import java.util.Objects;

/**
 * Which keys of a bucket the holders of a role may watch and write (seed 002's capabilities {@code
 * "buckets":{"todos":["user.{userId}.*"]}}): a key pattern with NATS wildcards ({@code *} one token, {@code >} the
 * rest) and the {@code {userId}} placeholder for the user's own id. It is carried as an ordinary {@link SubjectGrant}
 * on the subject {@code kv.<bucket>.<key pattern>} ({@link #subjectGrant}), as NATS itself keeps a bucket's keys
 * under {@code $KV.<bucket>.<key>}: realtime's capability checks, revocation and {@code cap_update} then cover
 * buckets with no new machinery, and the KV commands check writes against the same grants.
 *
 * @param bucket the bucket ({@code todos})
 * @param role a role name, or {@code *} for every signed-in user
 * @param keyPattern the keys, e.g. {@code user.{userId}.>}
 */
public record BucketGrant(String bucket, String role, String keyPattern) {

    /** The subject prefix of KV keys. */
    public static final String SUBJECT_PREFIX = "kv.";

    /** Validates the declaration. */
    public BucketGrant {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(keyPattern, "keyPattern");
        if (!bucket.matches(KvKeys.BUCKET)) {
            throw new IllegalArgumentException("Bucket names are lower case letters, digits, - and _: " + bucket);
        }
    }

    /** The grant as a subject grant: {@code kv.<bucket>.<key pattern>}. */
    public SubjectGrant subjectGrant() {
        return SubjectGrant.toRole(role, SUBJECT_PREFIX + bucket + "." + keyPattern);
    }
}
