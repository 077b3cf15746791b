package dev.antipop.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiGatewayIdTest {

    @Test
    void idsLookLikeApiGatewaysAndAreUrlSafe() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ApiGatewayId.next();
            assertThat(id).hasSize(16).endsWith("=").matches("[A-Za-z0-9_-]{15}=");
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
