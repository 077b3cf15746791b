package dev.antipop.core.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectTest {

    @Test
    void parsesTokensAndPrefixes() {
        Subject subject = Subject.parse("user.42.events");

        assertThat(subject.value()).isEqualTo("user.42.events");
        assertThat(subject.tokens()).containsExactly("user", "42", "events");
        assertThat(subject.prefixes()).containsExactly("", "user", "user.42", "user.42.events");
        assertThat(Subject.parse("a").prefixes()).containsExactly("", "a");
        assertThat(subject).isEqualTo(Subject.parse("user.42.events")).hasToString("user.42.events");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", " ", "a..b", ".a", "a.", "a b", "a.\tb", "a.*", "*", ">", "a.>", "a*", ">a", "a\u0000b"})
    void rejectsInvalidSubjects(String text) {
        assertThatThrownBy(() -> Subject.parse(text)).isInstanceOf(InvalidSubjectException.class);
    }

    @Test
    void enforcesTheDocumentedLimits() {
        String sixteen = "a.".repeat(15) + "a";
        assertThat(Subject.parse(sixteen).tokens()).hasSize(16);
        assertThatThrownBy(() -> Subject.parse(sixteen + ".a"))
                .isInstanceOf(InvalidSubjectException.class)
                .hasMessageContaining("16 tokens");
        assertThat(Subject.parse("x".repeat(256)).value()).hasSize(256);
        assertThatThrownBy(() -> Subject.parse("x".repeat(257)))
                .isInstanceOf(InvalidSubjectException.class)
                .hasMessageContaining("256");
        assertThatThrownBy(() -> Subject.parse(null)).isInstanceOf(InvalidSubjectException.class);
    }

    @Test
    void allowsNatsStyleTokenCharacters() {
        assertThat(Subject.parse("$SYS.chat-room_42.Ünïcode").tokens()).hasSize(3);
    }
}
