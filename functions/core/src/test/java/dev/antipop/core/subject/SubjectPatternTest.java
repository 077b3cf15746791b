package dev.antipop.core.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        ">, a, true",
        ">, a.b.c, true",
        "*, a, true",
        "*, a.b, false",
        "a.>, a, false",
        "a.>, a.b, true",
        "a.>, a.b.c, true",
        "a.*, a.b, true",
        "a.*, a.b.c, false",
        "a.*, a, false",
        "a.*.c, a.b.c, true",
        "a.*.c, a.b.d, false",
        "*.b.>, x.b.y.z, true",
        "*.b.>, x.c.y, false",
        "a.b.c, a.b.c, true",
        "a.b.c, a.b, false",
        "a.b, a.b.c, false",
        "A.b, a.b, false",
    })
    void matchesWithNatsSemantics(String pattern, String subject, boolean expected) {
        assertThat(SubjectPattern.parse(pattern).matches(subject)).isEqualTo(expected);
        assertThat(SubjectPattern.parse(pattern).matches(Subject.parse(subject)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "a..b",
                "a.>.b",
                ">.a",
                "a*",
                ">a",
                "a.b*",
                "*a.b",
                "a. .b",
                "a.\nb",
                "a.",
                ".a",
                "S\ud800E",
                "a.\udc00",
                "chat.room.4\u200b2",
                "chat.\u202eroom"
            })
    void rejectsInvalidPatterns(String text) {
        assertThatThrownBy(() -> SubjectPattern.parse(text)).isInstanceOf(InvalidSubjectException.class);
    }

    @Test
    void matchingAStringWithWildcardsIsAnError() {
        assertThatThrownBy(() -> SubjectPattern.parse(">").matches("a.*")).isInstanceOf(InvalidSubjectException.class);
    }

    @Test
    void literalPrefixIsTheTokensBeforeTheFirstWildcard() {
        assertThat(SubjectPattern.parse("chat.room.*").literalPrefix()).isEqualTo("chat.room");
        assertThat(SubjectPattern.parse("chat.*.messages").literalPrefix()).isEqualTo("chat");
        assertThat(SubjectPattern.parse("user.7.>").literalPrefix()).isEqualTo("user.7");
        assertThat(SubjectPattern.parse(">").literalPrefix()).isEmpty();
        assertThat(SubjectPattern.parse("*.x").literalPrefix()).isEmpty();
        assertThat(SubjectPattern.parse("a.b.c").literalPrefix()).isEqualTo("a.b.c");
        assertThat(SubjectPattern.parse("a.b.c").isLiteral()).isTrue();
        assertThat(SubjectPattern.parse("a.*.c").isLiteral()).isFalse();
    }

    @Test
    void everyMatchingSubjectHasThePatternsPrefixAmongItsPrefixes() {
        List<String> patterns = List.of(">", "*", "a.>", "a.*", "a.*.c", "*.b.>", "a.b.c", "a.b.>");
        List<String> subjects = List.of("a", "a.b", "a.b.c", "x.b.y", "a.x.c.d");
        for (String p : patterns) {
            SubjectPattern pattern = SubjectPattern.parse(p);
            for (String s : subjects) {
                Subject subject = Subject.parse(s);
                if (pattern.matches(subject)) {
                    assertThat(subject.prefixes()).as(p + " / " + s).contains(pattern.literalPrefix());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        ">, >, true",
        ">, a, true",
        ">, *.*.>, true",
        "*, a, true",
        "*, >, false",
        "*, a.b, false",
        "user.7.>, user.7.events, true",
        "user.7.>, user.7.*, true",
        "user.7.>, user.7.*.>, true",
        "user.7.>, user.7, false",
        "user.7.>, user.*.>, false",
        "user.*.>, user.7.>, true",
        "user.*.>, user.7, false",
        "user.*, user.7, true",
        "user.*, user.*, true",
        "user.7, user.*, false",
        "user.*, user.>, false",
        "a.b, a.b, true",
        "a.b, a.c, false",
        "a.*.c, a.b.c, true",
        "a.*.c, a.*.d, false",
        "a.>, >, false",
        "*.>, >, false",
        ">, *.>, true",
    })
    void coversIsSubsetOfMatchedSubjects(String pattern, String other, boolean expected) {
        assertThat(SubjectPattern.parse(pattern).covers(SubjectPattern.parse(other)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource({
        ">, a.b, true",
        "a.>, a, false",
        "a.>, a.*, true",
        "a.*, *.b, true",
        "a.*, b.*, false",
        "a.*, a.*.c, false",
        "a.*.>, a.b, false",
        "a.*.>, *.b.c.d, true",
        "*, a.b, false",
        "*, >, true",
        "a.b, a.b, true",
        "a.b, a.c, false",
        "user.7.>, user.*.>, true",
    })
    void overlapsIsSymmetricAndFindsACommonSubject(String a, String b, boolean expected) {
        SubjectPattern left = SubjectPattern.parse(a);
        SubjectPattern right = SubjectPattern.parse(b);
        assertThat(left.overlaps(right)).isEqualTo(expected);
        assertThat(right.overlaps(left)).isEqualTo(expected);
    }

    @Test
    void coversAndOverlapsAgreeWithMatchingOnASampleOfSubjects() {
        List<String> patterns = List.of(">", "*", "a.>", "a.*", "*.b", "a.b", "a.*.c", "*.*.>", "a.b.>", "b.>", "*.>");
        List<String> subjects =
                List.of("a", "b", "a.b", "a.c", "b.b", "a.b.c", "a.x.c", "a.b.d", "b.b.b", "a.b.c.d", "x.y.z.w.v");
        for (String p : patterns) {
            for (String q : patterns) {
                SubjectPattern pp = SubjectPattern.parse(p);
                SubjectPattern qq = SubjectPattern.parse(q);
                boolean anyCommon = false;
                boolean counterExample = false;
                for (String s : subjects) {
                    boolean inP = pp.matches(s);
                    boolean inQ = qq.matches(s);
                    anyCommon |= inP && inQ;
                    counterExample |= inQ && !inP;
                }
                if (pp.covers(qq)) {
                    assertThat(counterExample).as(p + " covers " + q).isFalse();
                }
                if (anyCommon) {
                    assertThat(pp.overlaps(qq)).as(p + " overlaps " + q).isTrue();
                }
            }
        }
    }

    @Test
    void equalityIsOnTheText() {
        assertThat(SubjectPattern.parse("a.*"))
                .isEqualTo(SubjectPattern.parse("a.*"))
                .hasToString("a.*");
        assertThat(SubjectPattern.parse("a.*")).isNotEqualTo(SubjectPattern.parse("a.>"));
    }
}
