package dev.antipop.realtime.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.realtime.ContextGrants;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.http.HttpRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The topic choice of {@code GET /api/events/stream}: the caller's notebooks from their memberships (one Query), the
 * {@code ?notebooks=} narrowing, 403 for a notebook the caller may not read, 400 beyond ten notebooks. The grants are
 * the real descriptors' (the notebooks context's {@code notebook.{id}.events} for owner, editor, viewer and reader).
 */
class MemberTopicsTest {

    private static final Capabilities CAPABILITIES = ContextGrants.capabilities(Contexts.onClasspath());
    private static final Principal ADA = new Principal("1001", Set.of("user"));

    private final MembershipsTable table = new MembershipsTable();
    private final MemberTopics topics = new MemberTopics(
            CAPABILITIES, new MembershipStore(table, "memberships"), "notebook", "notebook.{id}.events", "notebooks");

    @Test
    void withoutNotebooksTheFeedReadsEveryNotebookTheCallerIsAMemberOfInOneQuery() {
        table.put("1001", "notebook#11", "owner", true);
        table.put("1001", "notebook#12", "editor", true);
        table.put("1001", "notebook#13", "viewer", true);
        table.put("1001", "notebook#14", "viewer", false); // unshared: a tombstone
        table.put("1001", "brand#15", "owner", true); // another scope
        table.put("2002", "notebook#16", "owner", true); // someone else's
        table.put("*", "notebook#17", "reader", true); // public, but the caller is no member

        assertThat(values(topics.topics(ADA, request(null))))
                .containsExactly("notebook.11.events", "notebook.12.events", "notebook.13.events");
        assertThat(table.queries).hasValue(1);
        assertThat(table.gets).hasValue(0);
    }

    @Test
    void aCallerOfNoNotebookGetsNoTopic() {
        assertThat(topics.topics(ADA, request(null))).isEmpty();
        assertThat(topics.topics(ADA, request("  "))).isEmpty();
    }

    @Test
    void notebooksNarrowsTheFeedToTheNamedOnes() {
        table.put("1001", "notebook#11", "owner", true);
        table.put("1001", "notebook#12", "viewer", true);
        table.put("1001", "notebook#13", "editor", true);

        assertThat(values(topics.topics(ADA, request("13, 11,13"))))
                .containsExactly("notebook.13.events", "notebook.11.events");
        assertThat(table.gets).hasValue(0);
    }

    @Test
    void aPublicNotebookMayBeNamedThroughTheMembershipEveryoneHolds() {
        table.put("*", "notebook#17", "reader", true);

        assertThat(values(topics.topics(ADA, request("17")))).containsExactly("notebook.17.events");
        assertThat(table.gets).hasValue(1);
    }

    @Test
    void aNotebookTheCallerMayNotReadIsForbiddenAndNamed() {
        table.put("1001", "notebook#11", "owner", true);
        table.put("1001", "notebook#12", "viewer", false); // unshared
        table.put("2002", "notebook#16", "owner", true);
        table.put("*", "notebook#18", "reader", false); // public once, private again

        for (String id : List.of("12", "16", "18", "404")) {
            assertThatExceptionOfType(CommandException.class)
                    .isThrownBy(() -> topics.topics(ADA, request("11," + id)))
                    .satisfies(e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                        assertThat(e.getMessage()).contains("'" + id + "'");
                        assertThat(e.fields()).containsOnlyKeys("notebooks");
                        assertThat(e.fields().get("notebooks")).contains("'" + id + "'");
                    });
        }
    }

    @Test
    void moreThanTenNotebooksWithoutNotebooksAsksToChooseTen() {
        for (int i = 0; i < Feeds.MAX_TOPICS + 1; i++) {
            table.put("1001", "notebook#" + (100 + i), i % 2 == 0 ? "owner" : "viewer", true);
        }

        assertThatExceptionOfType(CommandException.class)
                .isThrownBy(() -> topics.topics(ADA, request(null)))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.fields().get("notebooks")).contains("at most 10", "?notebooks=", "11 notebooks");
                });
        // Ten of them, named, are fine.
        String ten = String.join(",", List.of("100", "101", "102", "103", "104", "105", "106", "107", "108", "109"));
        assertThat(topics.topics(ADA, request(ten))).hasSize(Feeds.MAX_TOPICS);
    }

    @Test
    void tenMembershipsAreStillReadWithoutNotebooks() {
        for (int i = 0; i < Feeds.MAX_TOPICS; i++) {
            table.put("1001", "notebook#" + (100 + i), "editor", true);
        }

        assertThat(topics.topics(ADA, request(null))).hasSize(Feeds.MAX_TOPICS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,2,3,4,5,6,7,8,9,10,11", "11,,12", "11,", "a.b", "*", ">", "11,12 13"})
    void aMalformedNotebooksListIsAValidationError(String given) {
        for (int i = 1; i <= 13; i++) {
            table.put("1001", "notebook#" + i, "owner", true);
        }

        assertThatExceptionOfType(CommandException.class)
                .isThrownBy(() -> topics.topics(ADA, request(given)))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.fields()).containsOnlyKeys("notebooks");
                });
    }

    @Test
    void aTopicNoMembershipGrantCoversIsAConfigurationError() {
        MembershipStore store = new MembershipStore(table, "memberships");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MemberTopics(CAPABILITIES, store, "notebook", "notebook.{id}.secrets", "n"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MemberTopics(CAPABILITIES, store, "nothing", "notebook.{id}.events", "n"));
    }

    private static List<String> values(List<SubjectPattern> patterns) {
        return patterns.stream().map(SubjectPattern::value).toList();
    }

    private static HttpRequest request(String notebooks) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        Map<String, String> query = new HashMap<>();
        if (notebooks != null) {
            query.put("notebooks", notebooks);
        }
        event.setQueryStringParameters(query);
        return new HttpRequest(event);
    }

    /** The memberships table's key schema in memory, counting the requests MembershipStore makes. */
    private static final class MembershipsTable implements DynamoDbClient {

        private final List<Map<String, AttributeValue>> items = new ArrayList<>();
        final AtomicInteger queries = new AtomicInteger();
        final AtomicInteger gets = new AtomicInteger();

        void put(String userId, String scope, String role, boolean active) {
            items.add(Map.of(
                    "userId", AttributeValue.fromS(userId),
                    "scope", AttributeValue.fromS(scope),
                    "role", AttributeValue.fromS(role),
                    "active", AttributeValue.fromBool(active)));
        }

        @Override
        public QueryResponse query(QueryRequest request) {
            queries.incrementAndGet();
            assertThat(request.indexName()).isNull();
            String userId = request.expressionAttributeValues().get(":u").s();
            return QueryResponse.builder()
                    .items(items.stream()
                            .filter(item -> item.get("userId").s().equals(userId))
                            .sorted(Comparator.comparing(
                                    item -> item.get("scope").s()))
                            .toList())
                    .build();
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            gets.incrementAndGet();
            return GetItemResponse.builder()
                    .item(items.stream()
                            .filter(item -> item.get("userId")
                                            .equals(request.key().get("userId"))
                                    && item.get("scope").equals(request.key().get("scope")))
                            .findFirst()
                            .orElse(null))
                    .build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }
}
