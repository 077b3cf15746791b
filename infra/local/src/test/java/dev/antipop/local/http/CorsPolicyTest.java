package dev.antipop.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    private static final CorsPolicy EXACT = new CorsPolicy(
            List.of("https://app.example.com", "http://*"),
            List.of("authorization", "content-type"),
            List.of("GET", "POST"),
            List.of("retry-after", "x-correlation-id"),
            600,
            true);

    @Test
    void aPreflightFromAnAllowedOriginGetsTheConfiguredHeadersWithTheOriginEchoed() {
        assertThat(EXACT.preflightHeaders("https://app.example.com"))
                .containsExactly(
                        Map.entry("access-control-allow-origin", "https://app.example.com"),
                        Map.entry("access-control-allow-methods", "GET,POST"),
                        Map.entry("access-control-allow-headers", "authorization,content-type"),
                        Map.entry("access-control-max-age", "600"),
                        Map.entry("access-control-allow-credentials", "true"));
    }

    @Test
    void aSchemeWildcardAllowsEveryOriginOfThatSchemeOnly() {
        assertThat(EXACT.responseHeaders("http://localhost:5173"))
                .contains(Map.entry("access-control-allow-origin", "http://localhost:5173"));
        assertThat(EXACT.responseHeaders("https://evil.example.com")).isEmpty();
        assertThat(EXACT.preflightHeaders("https://evil.example.com")).isEmpty();
        assertThat(EXACT.responseHeaders(null)).isEmpty();
    }

    @Test
    void actualResponsesCarryAllowOriginExposeHeadersAndCredentialsButNoPreflightHeaders() {
        assertThat(EXACT.responseHeaders("https://app.example.com"))
                .containsExactly(
                        Map.entry("access-control-allow-origin", "https://app.example.com"),
                        Map.entry("access-control-expose-headers", "retry-after,x-correlation-id"),
                        Map.entry("access-control-allow-credentials", "true"));
    }

    @Test
    void theStarOriginAnswersStarAndUnsetFieldsAreLeftOut() {
        CorsPolicy any = new CorsPolicy(List.of("*"), List.of(), List.of("*"), List.of(), null, false);
        assertThat(any.preflightHeaders("https://anything.test"))
                .containsExactly(
                        Map.entry("access-control-allow-origin", "*"), Map.entry("access-control-allow-methods", "*"));
        assertThat(any.responseHeaders("https://anything.test"))
                .containsExactly(Map.entry("access-control-allow-origin", "*"));
    }

    @Test
    void onlyAnOptionsWithOriginAndRequestedMethodIsAPreflight() {
        assertThat(CorsPolicy.isPreflight("OPTIONS", "https://a.test", "POST")).isTrue();
        assertThat(CorsPolicy.isPreflight("OPTIONS", null, "POST")).isFalse();
        assertThat(CorsPolicy.isPreflight("OPTIONS", "https://a.test", null)).isFalse();
        assertThat(CorsPolicy.isPreflight("POST", "https://a.test", "POST")).isFalse();
        assertThat(CorsPolicy.isCorsHeader("Access-Control-Allow-Origin")).isTrue();
        assertThat(CorsPolicy.isCorsHeader("content-type")).isFalse();
    }
}
