package dev.antipop.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.antipop.core.subject.Subject;
import dev.antipop.realtime.StreamTopics.StreamRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamTopicsTest {

    @Test
    void mapsATopicShapeToItsStreamAndTable() {
        StreamTopics topics = StreamTopics.parse(
                " user.{id}.events = user-{id} @ antipop-IdentityEventsTable-1A2B ;; notebook.{nb}.page.{p}=page-{nb}-{p}@notebooks;");

        assertThat(topics.resolve(Subject.parse("user.42.events")))
                .contains(new StreamRef("antipop-IdentityEventsTable-1A2B", "user-42"));
        assertThat(topics.resolve(Subject.parse("notebook.n1.page.7")))
                .contains(new StreamRef("notebooks", "page-n1-7"));
        assertThat(topics.resolve(Subject.parse("user.42.profile"))).isEmpty();
        assertThat(topics.resolve(Subject.parse("user.42.events.x"))).isEmpty();
        assertThat(topics.resolve(Subject.parse("chat.room.42"))).isEmpty();
    }

    @Test
    void theFirstMatchingEntryWins() {
        StreamTopics topics = StreamTopics.parse("user.admin.events=admins@tb1;user.{id}.events=user-{id}@tb2");

        assertThat(topics.resolve(Subject.parse("user.admin.events"))).contains(new StreamRef("tb1", "admins"));
        assertThat(topics.resolve(Subject.parse("user.5.events"))).contains(new StreamRef("tb2", "user-5"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", ";;"})
    void nothingIsResumableWithoutAMapping(String spec) {
        assertThat(StreamTopics.parse(spec).resolve(Subject.parse("user.42.events")))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "user.{id}.events",
                "user.{id}.events=user-{id}",
                "user.{id}.events@t=user-{id}",
                "user.{id}.events=@table",
                "user.{id}.events=user-{id}@",
                "user.{id}.events=user-{id}@bad table",
                "user..events=user@tbl",
                "user.*.events=user@tbl",
                "user.x{id}.events=user-{id}@tbl",
                "user.{id}.{id}=user-{id}@tbl",
                "user.{id}.events=user-{other}@tbl"
            })
    void aMalformedEntryFailsNamingIt(String spec) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StreamTopics.parse(spec))
                .withMessageStartingWith("STREAM_TOPICS entry '");
    }
}
