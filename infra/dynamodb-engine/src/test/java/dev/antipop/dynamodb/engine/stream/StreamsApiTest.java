package dev.antipop.dynamodb.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:000000000000:table/Orders";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00.123Z"));
    private final TableStreams streams = new TableStreams(
            new StreamSettings("eu-west-1", Duration.ofHours(4), Duration.ofHours(24), Duration.ofMinutes(15), clock));
    private final StreamsApi api = new StreamsApi(streams);

    private static Map<String, AttributeValue> item(String id, long amount) {
        return Map.of("id", AttributeValue.s(id), "amount", AttributeValue.n(amount));
    }

    private static ItemChange insert(String id, long amount) {
        return new ItemChange("INSERT", Map.of("id", AttributeValue.s(id)), null, item(id, amount), false);
    }

    private static ItemChange modify(String id, long before, long after) {
        return new ItemChange("MODIFY", Map.of("id", AttributeValue.s(id)), item(id, before), item(id, after), false);
    }

    private String enable(String table, String viewType) {
        return streams.enable(
                        table,
                        TABLE_ARN.replace("Orders", table),
                        viewType,
                        List.of(new TableStreams.KeySchemaElement("id", "HASH")),
                        clock.instant())
                .streamArn();
    }

    private JsonNode call(String op, String body) {
        try {
            return api.handle(op, (ObjectNode) JSON.readTree(body));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode describe(String arn) {
        return call("DescribeStream", "{\"StreamArn\":\"" + arn + "\"}").get("StreamDescription");
    }

    private String iterator(String arn, String shardId, String type, String sequence) {
        String seq = sequence == null ? "" : ",\"SequenceNumber\":\"" + sequence + "\"";
        return call(
                        "GetShardIterator",
                        "{\"StreamArn\":\"" + arn + "\",\"ShardId\":\"" + shardId + "\",\"ShardIteratorType\":\"" + type
                                + "\"" + seq + "}")
                .get("ShardIterator")
                .asText();
    }

    private JsonNode records(String iterator) {
        return call("GetRecords", "{\"ShardIterator\":\"" + iterator + "\"}");
    }

    private String firstShard(String arn) {
        return describe(arn).get("Shards").get(0).get("ShardId").asText();
    }

    @Test
    void recordsCarryAwsFieldsInOrder() {
        String arn = enable("Orders", "NEW_AND_OLD_IMAGES");
        streams.append("Orders", insert("a", 1));
        streams.append("Orders", modify("a", 1, 2));
        streams.append(
                "Orders", new ItemChange("REMOVE", Map.of("id", AttributeValue.s("a")), item("a", 2), null, true));

        JsonNode page = records(iterator(arn, firstShard(arn), "TRIM_HORIZON", null));
        JsonNode records = page.get("Records");
        assertThat(records).hasSize(3);
        assertThat(records.findValuesAsText("eventName")).containsExactly("INSERT", "MODIFY", "REMOVE");
        JsonNode insert = records.get(0);
        assertThat(insert.get("eventVersion").asText()).isEqualTo("1.1");
        assertThat(insert.get("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(insert.get("awsRegion").asText()).isEqualTo("eu-west-1");
        assertThat(insert.get("eventID").asText()).matches("[0-9a-f]{32}");
        assertThat(insert.has("userIdentity")).isFalse();
        JsonNode dynamodb = insert.get("dynamodb");
        assertThat(dynamodb.get("ApproximateCreationDateTime").asLong())
                .isEqualTo(clock.instant().getEpochSecond());
        assertThat(dynamodb.get("Keys")).isEqualTo(JSON.valueToTree(Map.of("id", Map.of("S", "a"))));
        assertThat(dynamodb.get("NewImage").get("amount").get("N").asText()).isEqualTo("1");
        assertThat(dynamodb.has("OldImage")).isFalse();
        assertThat(dynamodb.get("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(dynamodb.get("SizeBytes").asLong()).isPositive();
        List<String> sequences = records.findValuesAsText("SequenceNumber");
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        assertThat(sequences.getFirst()).matches("[0-9]{21}");
        JsonNode remove = records.get(2);
        assertThat(remove.get("userIdentity"))
                .isEqualTo(JSON.valueToTree(Map.of("PrincipalId", "dynamodb.amazonaws.com", "Type", "Service")));
        assertThat(remove.get("dynamodb").has("NewImage")).isFalse();
        assertThat(page.get("NextShardIterator").asText()).isNotEmpty();
        assertThat(records(page.get("NextShardIterator").asText()).get("Records"))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
    void viewTypeDecidesImages(String viewType) {
        String arn = enable("Orders", viewType);
        streams.append("Orders", modify("a", 1, 2));
        JsonNode dynamodb = records(iterator(arn, firstShard(arn), "TRIM_HORIZON", null))
                .get("Records")
                .get(0)
                .get("dynamodb");
        assertThat(dynamodb.has("NewImage")).isEqualTo(viewType.contains("NEW"));
        assertThat(dynamodb.has("OldImage")).isEqualTo(viewType.contains("OLD"));
        assertThat(dynamodb.get("StreamViewType").asText()).isEqualTo(viewType);
        assertThat(dynamodb.has("Keys")).isTrue();
    }

    @Test
    void iteratorTypesPositionAsDocumented() {
        String arn = enable("Orders", "KEYS_ONLY");
        for (int i = 0; i < 5; i++) {
            streams.append("Orders", insert("k" + i, i));
        }
        String shard = firstShard(arn);
        List<String> all = records(iterator(arn, shard, "TRIM_HORIZON", null))
                .get("Records")
                .findValuesAsText("SequenceNumber");
        assertThat(all).hasSize(5);
        assertThat(records(iterator(arn, shard, "AT_SEQUENCE_NUMBER", all.get(2)))
                        .get("Records")
                        .findValuesAsText("SequenceNumber"))
                .containsExactlyElementsOf(all.subList(2, 5));
        assertThat(records(iterator(arn, shard, "AFTER_SEQUENCE_NUMBER", all.get(2)))
                        .get("Records")
                        .findValuesAsText("SequenceNumber"))
                .containsExactlyElementsOf(all.subList(3, 5));
        String latest = iterator(arn, shard, "LATEST", null);
        assertThat(records(latest).get("Records")).isEmpty();
        streams.append("Orders", insert("k5", 5));
        assertThat(records(latest).get("Records").findValuesAsText("eventName")).containsExactly("INSERT");
    }

    @Test
    void limitPagesAndNextIteratorContinues() {
        String arn = enable("Orders", "KEYS_ONLY");
        for (int i = 0; i < 7; i++) {
            streams.append("Orders", insert("k" + i, i));
        }
        String it = iterator(arn, firstShard(arn), "TRIM_HORIZON", null);
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            JsonNode page = call("GetRecords", "{\"ShardIterator\":\"" + it + "\",\"Limit\":3}");
            seen.addAll(page.get("Records").findValuesAsText("SequenceNumber"));
            it = page.get("NextShardIterator").asText();
        }
        assertThat(seen).hasSize(7).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aPageStopsAtOneMegabyte() {
        String arn = enable("Orders", "NEW_IMAGE");
        String big = "x".repeat(300 * 1024);
        for (int i = 0; i < 4; i++) {
            Map<String, AttributeValue> image = Map.of("id", AttributeValue.s("k" + i), "blob", AttributeValue.s(big));
            streams.append(
                    "Orders", new ItemChange("INSERT", Map.of("id", AttributeValue.s("k" + i)), null, image, false));
        }
        JsonNode first = records(iterator(arn, firstShard(arn), "TRIM_HORIZON", null));
        assertThat(first.get("Records")).hasSize(3);
        long bytes = 0;
        for (JsonNode record : first.get("Records")) {
            bytes += record.get("dynamodb").get("SizeBytes").asLong();
        }
        assertThat(bytes).isLessThanOrEqualTo(StreamsApi.MAX_PAGE_BYTES);
        assertThat(records(first.get("NextShardIterator").asText()).get("Records"))
                .hasSize(1);
    }

    @Test
    void sequenceNumbersAreNeverSharedAcrossTables() {
        String a = enable("A", "KEYS_ONLY");
        String b = enable("B", "KEYS_ONLY");
        for (int i = 0; i < 10; i++) {
            streams.append("A", insert("k" + i, i));
            streams.append("B", insert("k" + i, i));
        }
        List<String> all = new ArrayList<>();
        all.addAll(records(iterator(a, firstShard(a), "TRIM_HORIZON", null))
                .get("Records")
                .findValuesAsText("SequenceNumber"));
        all.addAll(records(iterator(b, firstShard(b), "TRIM_HORIZON", null))
                .get("Records")
                .findValuesAsText("SequenceNumber"));
        assertThat(all).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void shardsRollOverToAChildThatNamesItsParent() {
        String arn = enable("Orders", "KEYS_ONLY");
        streams.append("Orders", insert("a", 1));
        clock.advance(Duration.ofHours(4));
        streams.append("Orders", insert("b", 2));
        JsonNode shards = describe(arn).get("Shards");
        assertThat(shards).hasSize(2);
        JsonNode parent = shards.get(0);
        JsonNode child = shards.get(1);
        assertThat(parent.get("ShardId").asText()).matches("shardId-[0-9]{20}-[0-9a-f]{8}");
        assertThat(parent.has("ParentShardId")).isFalse();
        assertThat(parent.get("SequenceNumberRange").has("EndingSequenceNumber"))
                .isTrue();
        assertThat(child.get("ParentShardId").asText())
                .isEqualTo(parent.get("ShardId").asText());
        assertThat(child.get("SequenceNumberRange").has("EndingSequenceNumber")).isFalse();

        JsonNode parentPage = records(iterator(arn, parent.get("ShardId").asText(), "TRIM_HORIZON", null));
        assertThat(parentPage.get("Records")).hasSize(1);
        assertThat(parentPage.has("NextShardIterator"))
                .as("a drained closed shard ends")
                .isFalse();
        JsonNode childRecords = records(iterator(arn, child.get("ShardId").asText(), "TRIM_HORIZON", null))
                .get("Records");
        assertThat(childRecords.findValuesAsText("SequenceNumber").getFirst())
                .isGreaterThan(parentPage
                        .get("Records")
                        .get(0)
                        .get("dynamodb")
                        .get("SequenceNumber")
                        .asText());

        JsonNode page = call("DescribeStream", "{\"StreamArn\":\"" + arn + "\",\"Limit\":1}")
                .get("StreamDescription");
        assertThat(page.get("Shards")).hasSize(1);
        assertThat(page.get("LastEvaluatedShardId").asText())
                .isEqualTo(parent.get("ShardId").asText());
        JsonNode rest = call(
                        "DescribeStream",
                        "{\"StreamArn\":\"" + arn + "\",\"ExclusiveStartShardId\":\""
                                + parent.get("ShardId").asText() + "\"}")
                .get("StreamDescription");
        assertThat(rest.get("Shards").findValuesAsText("ShardId"))
                .containsExactly(child.get("ShardId").asText());
        assertThat(rest.has("LastEvaluatedShardId")).isFalse();
    }

    @Test
    void recordsPastRetentionAreTrimmed() {
        String arn = enable("Orders", "KEYS_ONLY");
        streams.append("Orders", insert("a", 1));
        String shard = firstShard(arn);
        String horizon = iterator(arn, shard, "TRIM_HORIZON", null);
        String sequence = records(horizon)
                .get("Records")
                .get(0)
                .get("dynamodb")
                .get("SequenceNumber")
                .asText();
        clock.advance(Duration.ofHours(2));
        streams.append("Orders", insert("b", 2));
        clock.advance(Duration.ofHours(23));
        String stale = iterator(arn, shard, "TRIM_HORIZON", null);
        // 25 h after the first record, 23 h after the second: only the second is left.
        assertThatThrownBy(() -> iterator(arn, shard, "AT_SEQUENCE_NUMBER", sequence))
                .isInstanceOf(DynamoDbException.class)
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("TrimmedDataAccessException");
        assertThat(records(stale).get("Records").findValuesAsText("eventName")).hasSize(1);
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> records(horizon))
                .isInstanceOf(DynamoDbException.class)
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ExpiredIteratorException");
    }

    @Test
    void iteratorOlderThanFifteenMinutesExpires() {
        String arn = enable("Orders", "KEYS_ONLY");
        String it = iterator(arn, firstShard(arn), "LATEST", null);
        clock.advance(Duration.ofMinutes(15));
        assertThat(records(it).get("Records")).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> records(it))
                .isInstanceOf(DynamoDbException.class)
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ExpiredIteratorException");
    }

    @Test
    void iteratorBehindTheTrimHorizonAnswersTrimmedDataAccess() {
        // A retention shorter than the iterator lifetime, so the iterator is still fresh when its records go.
        TableStreams shortLived = new TableStreams(new StreamSettings(
                "eu-west-1", Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(15), clock));
        StreamsApi shortApi = new StreamsApi(shortLived);
        String arn = shortLived
                .enable("Orders", TABLE_ARN, "KEYS_ONLY", List.of(), clock.instant())
                .streamArn();
        shortLived.append("Orders", insert("a", 1));
        String shard = shortApi.handle("DescribeStream", JSON.createObjectNode().put("StreamArn", arn))
                .get("StreamDescription")
                .get("Shards")
                .get(0)
                .get("ShardId")
                .asText();
        String it = shortApi.handle(
                        "GetShardIterator",
                        JSON.createObjectNode()
                                .put("StreamArn", arn)
                                .put("ShardId", shard)
                                .put("ShardIteratorType", "TRIM_HORIZON"))
                .get("ShardIterator")
                .asText();
        clock.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() ->
                        shortApi.handle("GetRecords", JSON.createObjectNode().put("ShardIterator", it)))
                .isInstanceOf(DynamoDbException.class)
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("TrimmedDataAccessException");
    }

    @Test
    void tamperedIteratorIsRefused() {
        String arn = enable("Orders", "KEYS_ONLY");
        String it = iterator(arn, firstShard(arn), "TRIM_HORIZON", null);
        char last = it.charAt(it.length() / 2);
        String tampered =
                it.substring(0, it.length() / 2) + (last == 'A' ? 'B' : 'A') + it.substring(it.length() / 2 + 1);
        assertThatThrownBy(() -> records(tampered))
                .isInstanceOf(DynamoDbException.class)
                .hasMessage("Invalid ShardIterator");
        assertThatThrownBy(() -> records("not-an-iterator")).hasMessage("Invalid ShardIterator");
    }

    @Test
    void disabledStreamStaysReadableUntilRetentionPasses() {
        String arn = enable("Orders", "KEYS_ONLY");
        streams.append("Orders", insert("a", 1));
        streams.disable("Orders");
        streams.append("Orders", insert("b", 1));
        assertThat(streams.current("Orders")).isEmpty();
        JsonNode description = describe(arn);
        assertThat(description.get("StreamStatus").asText()).isEqualTo("DISABLED");
        assertThat(description.get("Shards").get(0).get("SequenceNumberRange").has("EndingSequenceNumber"))
                .isTrue();
        assertThat(records(iterator(arn, firstShard(arn), "TRIM_HORIZON", null)).get("Records"))
                .hasSize(1);
        String second = enable("Orders", "NEW_IMAGE");
        assertThat(second).isNotEqualTo(arn);
        assertThat(call("ListStreams", "{\"TableName\":\"Orders\"}")
                        .get("Streams")
                        .findValuesAsText("StreamArn"))
                .containsExactlyInAnyOrder(arn, second);
        clock.advance(Duration.ofHours(24));
        assertThat(call("ListStreams", "{\"TableName\":\"Orders\"}")
                        .get("Streams")
                        .findValuesAsText("StreamArn"))
                .containsExactly(second);
        assertThatThrownBy(() -> describe(arn))
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void listStreamsPaginates() {
        List<String> arns = new ArrayList<>();
        for (String table : List.of("T1", "T2", "T3")) {
            arns.add(enable(table, "KEYS_ONLY"));
        }
        JsonNode first = call("ListStreams", "{\"Limit\":2}");
        assertThat(first.get("Streams")).hasSize(2);
        String last = first.get("LastEvaluatedStreamArn").asText();
        JsonNode second = call("ListStreams", "{\"Limit\":2,\"ExclusiveStartStreamArn\":\"" + last + "\"}");
        assertThat(second.get("Streams")).hasSize(1);
        assertThat(second.has("LastEvaluatedStreamArn")).isFalse();
        List<String> seen = new ArrayList<>(first.get("Streams").findValuesAsText("StreamArn"));
        seen.addAll(second.get("Streams").findValuesAsText("StreamArn"));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(arns);
        assertThat(first.get("Streams").get(0).get("TableName").asText()).isEqualTo("T1");
        assertThat(first.get("Streams").get(0).get("StreamLabel").asText()).isEqualTo("2026-11-30T06:00:00.123");
    }

    @Test
    void errorsAreTheDocumentedTypes() {
        String arn = enable("Orders", "KEYS_ONLY");
        String shard = firstShard(arn);
        assertThatThrownBy(() -> describe(arn + "x"))
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ResourceNotFoundException");
        assertThatThrownBy(() -> iterator(arn, "shardId-00000000000000000000-00000000", "LATEST", null))
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ResourceNotFoundException");
        assertThatThrownBy(() -> iterator(arn, shard, "AT_SEQUENCE_NUMBER", "12"))
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ValidationException");
        assertThatThrownBy(() -> iterator(arn, shard, "AT_SEQUENCE_NUMBER", null))
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ValidationException");
        assertThatThrownBy(() -> iterator(arn, shard, "SOMEWHERE", null))
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ValidationException");
        String it = iterator(arn, shard, "LATEST", null);
        assertThatThrownBy(() -> call("GetRecords", "{\"ShardIterator\":\"" + it + "\",\"Limit\":1001}"))
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ValidationException");
        assertThatThrownBy(() -> call("GetRecords", "{\"ShardIterator\":\"" + it + "\",\"Limit\":0}"))
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("ValidationException");
        assertThatThrownBy(() -> call("PutRecord", "{}"))
                .extracting(e -> ((DynamoDbException) e).type())
                .isEqualTo("UnknownOperationException");
    }

    @Test
    void listenerHearsEachAppendAfterItIsReadable() {
        String arn = enable("Orders", "KEYS_ONLY");
        String shard = firstShard(arn);
        List<String> heard = new ArrayList<>();
        StreamListener listener = (streamArn, shardId, sequenceNumber) -> {
            assertThat(streamArn).isEqualTo(arn);
            assertThat(shardId).isEqualTo(shard);
            // Visible at the time of the call:
            assertThat(records(iterator(arn, shard, "AT_SEQUENCE_NUMBER", sequenceNumber))
                            .get("Records"))
                    .isNotEmpty();
            heard.add(sequenceNumber);
        };
        streams.addListener(listener);
        streams.append("Orders", insert("a", 1));
        streams.append("Other", insert("a", 1)); // no stream: nothing heard
        streams.append("Orders", insert("b", 1));
        streams.removeListener(listener);
        streams.append("Orders", insert("c", 1));
        assertThat(heard).hasSize(2).isSorted();
    }
}
