package dev.antipop.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtKeysTest {

    static String secret(int bytes, int fill) {
        byte[] key = new byte[bytes];
        java.util.Arrays.fill(key, (byte) fill);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    @Test
    void parsesKidsAndTheActiveKid() {
        JwtKeys keys = JwtKeys.parse("k1:" + secret(32, 1) + ", k2:" + secret(64, 2) + "==", "k2");

        assertThat(keys.kids()).containsExactlyInAnyOrder("k1", "k2");
        assertThat(keys.activeKid()).isEqualTo("k2");
        assertThat(keys.secret("k1")).hasValueSatisfying(s -> assertThat(s).hasSize(32));
        assertThat(keys.toString()).doesNotContain(secret(32, 1));
    }

    @Test
    void rejectsShortSecretsAndBadSpecsWithoutLeakingSecrets() {
        String shortSecret = secret(31, 3);
        assertThatThrownBy(() -> JwtKeys.parse("k1:" + shortSecret, "k1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RFC 7518")
                .message()
                .doesNotContain(shortSecret);
        assertThatThrownBy(() -> JwtKeys.parse("k1:" + secret(32, 1), "k9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k9");
        assertThatThrownBy(() -> JwtKeys.parse("k1" + secret(32, 1), "k1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtKeys.parse(":" + secret(32, 1), "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtKeys.parse("k1:" + secret(32, 1) + ",k1:" + secret(32, 2), "k1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> JwtKeys.parse("k1:***not base64***", "k1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtKeys.parse("", "k1")).isInstanceOf(IllegalArgumentException.class);
    }
}
