package dev.antipop.notifications.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.notifications.notification.NotificationCommand.CreateNotification;
import dev.antipop.notifications.notification.NotificationCommand.MarkNotificationRead;
import dev.antipop.notifications.notification.NotificationEvent.NotificationCreated;
import dev.antipop.notifications.notification.NotificationEvent.NotificationRead;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or an error: one notification's decisions without infrastructure. */
class NotificationDeciderTest {

    private static final String ID = "7300000000000000001";
    private static final String ADA = "42";
    private static final String BOB = "43";
    private static final CreateNotification CREATE = new CreateNotification(
            ID, ADA, "moderator_invited", "7200000000000000009", "You were invited", Map.of("brandId", "11"));
    private static final NotificationCreated CREATED = new NotificationCreated(
            ID, ADA, "moderator_invited", "7200000000000000009", "You were invited", Map.of("brandId", "11"));

    private final NotificationDecider decider = new NotificationDecider();

    private List<NotificationEvent> when(List<NotificationEvent> given, NotificationCommand command) {
        NotificationState state = decider.initialState();
        for (NotificationEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    @Test
    void createOnANewStreamDecidesCreatedAndClaimsTheSourceEventForTheRecipient() {
        List<NotificationEvent> events = when(List.of(), CREATE);

        assertThat(events).containsExactly(CREATED);
        assertThat(decider.uniqueClaims(events.getFirst())).containsExactly("notification#7200000000000000009:42");
    }

    @Test
    void theClaimDiffersPerRecipientOfOneSourceEvent() {
        assertThat(NotificationDecider.claimOf("9", ADA)).isNotEqualTo(NotificationDecider.claimOf("9", BOB));
    }

    @Test
    void createOnAnExistingNotificationDecidesNothing() {
        assertThat(when(List.of(CREATED), CREATE)).isEmpty();
        assertThat(when(List.of(CREATED, new NotificationRead(ID, ADA)), CREATE))
                .isEmpty();
    }

    @Test
    void theRecipientMarksAnUnreadNotificationRead() {
        assertThat(when(List.of(CREATED), new MarkNotificationRead(ID, ADA)))
                .containsExactly(new NotificationRead(ID, ADA));
    }

    @Test
    void markingAReadNotificationAgainDecidesNothing() {
        assertThat(when(List.of(CREATED, new NotificationRead(ID, ADA)), new MarkNotificationRead(ID, ADA)))
                .isEmpty();
        assertThat(decider.uniqueClaims(new NotificationRead(ID, ADA))).isEmpty();
    }

    @Test
    void anUnknownNotificationIsNotFound() {
        assertThatThrownBy(() -> when(List.of(), new MarkNotificationRead(ID, ADA)))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void someoneElsesNotificationIsForbiddenUnreadOrRead() {
        assertThatThrownBy(() -> when(List.of(CREATED), new MarkNotificationRead(ID, BOB)))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(
                        () -> when(List.of(CREATED, new NotificationRead(ID, ADA)), new MarkNotificationRead(ID, BOB)))
                .isInstanceOfSatisfying(
                        CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void eventsGoToTheRecipientsNotificationsTopic() {
        assertThat(NotificationEvents.CODEC.topicOf(NotificationEvents.streamOf(ID), CREATED))
                .isEqualTo("user.42.notifications");
        assertThat(NotificationEvents.CODEC.typeOf(CREATED)).isEqualTo("notifications.notification_created");
        assertThat(NotificationEvents.CODEC.toData(CREATED).fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("notificationId", "userId", "kind", "sourceEventId", "title", "data");
    }
}
