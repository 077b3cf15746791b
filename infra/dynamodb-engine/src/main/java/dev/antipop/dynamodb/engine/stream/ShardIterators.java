package dev.antipop.dynamodb.engine.stream;

import dev.antipop.dynamodb.engine.DynamoDbException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Shard iterators: opaque strings that carry the stream ARN, the shard id, the read position (the lowest sequence
 * counter to return) and the time the iterator was issued, with a checksum so a damaged or forged iterator is refused
 * ({@code ValidationException}) instead of read from a wrong place. At most 2,048 characters, as GetRecords'
 * {@code ShardIterator} allows.
 */
final class ShardIterators {

    /** A decoded iterator. */
    record Position(String streamArn, String shardId, long position, long issuedMillis) {}

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private ShardIterators() {}

    static String encode(String streamArn, String shardId, long position, long issuedMillis) {
        String body = "1|" + streamArn + "|" + shardId + "|" + position + "|" + issuedMillis;
        return ENCODER.encodeToString((body + "|" + Long.toHexString(checksum(body))).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes an iterator.
     *
     * @throws DynamoDbException {@code ValidationException} "Invalid ShardIterator" for anything this engine did not
     *     issue
     */
    static Position decode(String iterator) {
        try {
            String text = new String(DECODER.decode(iterator), StandardCharsets.UTF_8);
            int sum = text.lastIndexOf('|');
            String body = text.substring(0, sum);
            if (!Long.toHexString(checksum(body)).equals(text.substring(sum + 1))) {
                throw invalid();
            }
            String[] parts = body.split("\\|", -1);
            if (parts.length != 5 || !parts[0].equals("1")) {
                throw invalid();
            }
            return new Position(parts[1], parts[2], Long.parseLong(parts[3]), Long.parseLong(parts[4]));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid();
        }
    }

    private static DynamoDbException invalid() {
        return DynamoDbException.validation("Invalid ShardIterator");
    }

    private static long checksum(String body) {
        CRC32C crc = new CRC32C();
        // A fixed salt so a checksum of the plain text alone does not match.
        crc.update("antipop-shard-iterator".getBytes(StandardCharsets.UTF_8));
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
