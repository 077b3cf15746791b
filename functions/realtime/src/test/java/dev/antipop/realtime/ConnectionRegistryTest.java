package dev.antipop.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionRegistryTest {

    @Test
    void theImplicitSubscriptionCoversEverySubjectOfTheUserAndNoOther() {
        var pattern = ConnectionRegistry.userSubjects("372096841015111680");

        assertThat(pattern.value()).isEqualTo("user.372096841015111680.>");
        assertThat(pattern.matches("user.372096841015111680.events")).isTrue();
        assertThat(pattern.matches("user.372096841015111680.notifications.7")).isTrue();
        assertThat(pattern.matches("user.372096841015111681.events")).isFalse();
        assertThat(pattern.matches("user.372096841015111680")).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"*", ">", "a.b", "a b", "a.*", " ", "a\tb"})
    void aUserIdThatIsNotOneLiteralTokenIsRejected(String userId) {
        assertThatIllegalArgumentException().isThrownBy(() -> ConnectionRegistry.userSubjects(userId));
    }
}
