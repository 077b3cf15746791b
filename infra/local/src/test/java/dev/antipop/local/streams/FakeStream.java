package dev.antipop.local.streams;

import dev.antipop.local.lambda.FunctionErrorException;
import dev.antipop.local.lambda.LambdaInvoker;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** An in-memory DynamoDB stream: shards with parents, records with increasing sequence numbers, iterators as offsets. */
final class FakeStream implements StreamSource {

    static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-11-22T00:00:00.000";

    private final Map<String, List<Record>> shards = new LinkedHashMap<>();
    private final Map<String, String> parents = new LinkedHashMap<>();
    private final Map<String, Boolean> closed = new LinkedHashMap<>();
    private long sequence = 100;
    final List<String> getRecordsLimits = new CopyOnWriteArrayList<>();

    synchronized FakeStream shard(String shardId, String parentShardId) {
        shards.put(shardId, new ArrayList<>());
        parents.put(shardId, parentShardId);
        closed.put(shardId, false);
        return this;
    }

    synchronized void close(String shardId) {
        closed.put(shardId, true);
    }

    /** Appends records with the given ids (the {@code id} key) and returns them. */
    synchronized List<Record> append(String shardId, String... ids) {
        List<Record> added = new ArrayList<>();
        for (String id : ids) {
            added.add(record(id, Long.toString(sequence++), Instant.now()));
        }
        shards.get(shardId).addAll(added);
        return added;
    }

    static Record record(String id, String sequenceNumber, Instant created) {
        Map<String, AttributeValue> keys = Map.of("id", AttributeValue.fromS(id));
        return Record.builder()
                .eventID("e-" + sequenceNumber)
                .eventName(OperationType.INSERT)
                .eventVersion("1.1")
                .eventSource("aws:dynamodb")
                .awsRegion("ddblocal")
                .dynamodb(StreamRecord.builder()
                        .keys(keys)
                        .newImage(Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN("1")))
                        .sequenceNumber(sequenceNumber)
                        .sizeBytes((long) id.getBytes(StandardCharsets.UTF_8).length)
                        .streamViewType(StreamViewType.NEW_IMAGE)
                        .approximateCreationDateTime(created)
                        .build())
                .build();
    }

    @Override
    public synchronized List<Shard> shards(String streamArn) {
        List<Shard> result = new ArrayList<>();
        shards.forEach((id, records) -> result.add(Shard.builder()
                .shardId(id)
                .parentShardId(parents.get(id))
                .sequenceNumberRange(SequenceNumberRange.builder()
                        .startingSequenceNumber("0")
                        .endingSequenceNumber(closed.get(id) ? "999999" : null)
                        .build())
                .build()));
        return result;
    }

    @Override
    public synchronized String iterator(String streamArn, String shardId, ShardIteratorType type, String seq) {
        List<Record> records = shards.get(shardId);
        int offset = switch (type) {
            case TRIM_HORIZON -> 0;
            case LATEST -> records.size();
            case AFTER_SEQUENCE_NUMBER -> indexOf(records, seq) + 1;
            case AT_SEQUENCE_NUMBER -> indexOf(records, seq);
            default -> throw new IllegalArgumentException(type.toString());
        };
        return shardId + "/" + offset;
    }

    private static int indexOf(List<Record> records, String seq) {
        for (int i = 0; i < records.size(); i++) {
            if (new BigInteger(records.get(i).dynamodb().sequenceNumber()).equals(new BigInteger(seq))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no record " + seq);
    }

    @Override
    public synchronized GetRecordsResponse records(String iterator, int limit) {
        getRecordsLimits.add(Integer.toString(limit));
        String shardId = iterator.substring(0, iterator.lastIndexOf('/'));
        int offset = Integer.parseInt(iterator.substring(iterator.lastIndexOf('/') + 1));
        List<Record> records = shards.get(shardId);
        int end = Math.min(records.size(), offset + Math.min(limit, 1000));
        boolean atEnd = end == records.size() && closed.get(shardId);
        return GetRecordsResponse.builder()
                .records(new ArrayList<>(records.subList(offset, end)))
                .nextShardIterator(atEnd ? null : shardId + "/" + end)
                .build();
    }

    /** A function that records every batch (as record ids) and answers through a scripted behaviour. */
    static final class RecordingFunction implements LambdaInvoker {
        interface Behaviour {
            byte[] respond(List<String> ids, List<String> sequenceNumbers, int invocation)
                    throws FunctionErrorException;
        }

        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<byte[]> events = new CopyOnWriteArrayList<>();
        private final Behaviour behaviour;

        RecordingFunction(Behaviour behaviour) {
            this.behaviour = behaviour;
        }

        static RecordingFunction succeeding() {
            return new RecordingFunction((ids, seqs, n) -> new byte[0]);
        }

        @Override
        public String functionName() {
            return "recorder";
        }

        @Override
        public byte[] invoke(byte[] event) throws FunctionErrorException {
            events.add(event);
            List<String> ids = new ArrayList<>();
            List<String> seqs = new ArrayList<>();
            String json = new String(event, StandardCharsets.UTF_8);
            var matcher = java.util.regex.Pattern.compile("\"Keys\":\\{\"id\":\\{\"S\":\"([^\"]+)\"}}")
                    .matcher(json);
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
            var seqMatcher = java.util.regex.Pattern.compile("\"SequenceNumber\":\"([^\"]+)\"")
                    .matcher(json);
            while (seqMatcher.find()) {
                seqs.add(seqMatcher.group(1));
            }
            batches.add(ids);
            return behaviour.respond(ids, seqs, batches.size());
        }

        List<String> flattened() {
            List<String> all = new ArrayList<>();
            batches.forEach(all::addAll);
            return all;
        }
    }

    static FunctionErrorException error(String message) {
        return new FunctionErrorException("recorder", "java.lang.IllegalStateException", message, null);
    }
}
