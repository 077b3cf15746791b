package dev.antipop.notifications.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NotificationCursorsTest {

    private static final String JWT_KEYS =
            "k1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    private final NotificationCursors cursors = NotificationCursors.fromEnvironment(null, JWT_KEYS, "k1");

    @Test
    void aCursorRoundTripsForItsUser() {
        String cursor = cursors.encode("42", "7300000000000000100");
        assertThat(cursors.decode("42", cursor)).isEqualTo("7300000000000000100");
    }

    @Test
    void anEditedCursorIsRefused() {
        String cursor = cursors.encode("42", "7300000000000000100");
        String edited = Base64.getUrlEncoder().withoutPadding().encodeToString("7300000000000000999".getBytes())
                + cursor.substring(cursor.indexOf('.'));
        assertForged(() -> cursors.decode("42", edited));
        assertForged(() -> cursors.decode("42", "garbage"));
        assertForged(() -> cursors.decode("42", "a.b!"));
    }

    @Test
    void anotherUsersCursorIsRefused() {
        String cursor = cursors.encode("42", "7300000000000000100");
        assertForged(() -> cursors.decode("43", cursor));
    }

    @Test
    void aCursorSignedWithAnotherKeyIsRefused() {
        NotificationCursors other = new NotificationCursors(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32
        });
        assertForged(() -> cursors.decode("42", other.encode("42", "7300000000000000100")));
    }

    private static void assertForged(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CommandException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.fields()).containsKey("cursor");
        });
    }
}
