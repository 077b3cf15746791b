package dev.antipop.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.core.subject.SubjectPattern;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    private final Capabilities capabilities = Capabilities.defaults();

    private static SubjectPattern p(String pattern) {
        return SubjectPattern.parse(pattern);
    }

    @Test
    void everyUserSeesTheirOwnSubjectsAndNoOneElses() {
        Capabilities.Effective user = capabilities.of("42", List.of("customer"));

        assertThat(user.allowsSubscription(p("user.42.>"))).isTrue();
        assertThat(user.allowsSubscription(p("user.42.events"))).isTrue();
        assertThat(user.allowsSubscription(p("user.43.events"))).isFalse();
        assertThat(user.allowsSubscription(p("chat.room.7"))).isTrue();
        assertThat(user.allowsSubscription(p("chat.room.*"))).isTrue();
        assertThat(user.allowsDelivery("user.42.events")).isTrue();
        assertThat(user.allowsDelivery("user.43.events")).isFalse();
    }

    @Test
    void aPatternBroaderThanTheGrantIsRefusedNotNarrowed() {
        Capabilities.Effective user = capabilities.of("42", List.of("customer"));

        assertThat(user.allowsSubscription(p("user.*.>")))
                .as("overlaps user.42.> but is broader")
                .isFalse();
        assertThat(user.allowsSubscription(p(">"))).isFalse();
        assertThat(user.allowsSubscription(p("chat.>")))
                .as("chat.room.* does not cover chat.>")
                .isFalse();
    }

    @Test
    void rolesAddToTheBaseAndAdminsMaySeeAndDoEverything() {
        Capabilities.Effective moderator = capabilities.of("7", List.of("moderator"));
        assertThat(moderator.allowsSubscription(p("chat.>"))).isTrue();
        assertThat(moderator.allowsSubscription(p("user.*.>"))).isFalse();

        Capabilities.Effective admin = capabilities.of("1", List.of("admin"));
        assertThat(admin.allowsSubscription(p("user.*.>"))).isTrue();
        assertThat(admin.allowsSubscription(p(">"))).isTrue();
        assertThat(admin.subjectValues()).contains(">", "user.1.>");
    }

    @Test
    void unknownRolesGrantNothingBeyondTheBase() {
        Capabilities.Effective user = capabilities.of("5", List.of("wizard"));
        assertThat(user.subjectValues()).containsExactly("user.5.>", "chat.room.*", "presence.>");
    }

    @Test
    void membersGetTheirScopesSubjectsAndNoOneElses() {
        Capabilities withBrands = capabilities.with(
                Map.of("*", List.of("catalog.product.*")),
                List.of(new Capabilities.ScopedGrant("brand", Set.of("owner", "moderator"), "brand.{id}.events")));
        Capabilities.Effective member = withBrands.of(
                "5",
                List.of(),
                List.of(new Membership("brand", "42", "moderator"), new Membership("brand", "9", "fan")));

        assertThat(member.allowsSubscription(p("brand.42.events"))).isTrue();
        assertThat(member.allowsSubscription(p("brand.9.events")))
                .as("role fan has no grant")
                .isFalse();
        assertThat(member.allowsSubscription(p("brand.43.events"))).isFalse();
        assertThat(member.allowsSubscription(p("brand.*.events"))).isFalse();
        assertThat(member.allowsSubscription(p("catalog.product.7"))).isTrue();
        assertThat(withBrands.isMembershipSubject("brand.43.events")).isTrue();
        assertThat(withBrands.isMembershipSubject("user.5.events")).isFalse();
        assertThat(withBrands.mayNeedMemberships(p("brand.42.events"))).isTrue();
        assertThat(withBrands.mayNeedMemberships(p("catalog.>"))).isFalse();
        assertThat(withBrands.of("5", List.of()).allowsSubscription(p("brand.42.events")))
                .as("without memberships")
                .isFalse();
    }

    @Test
    void anInvalidPatternInTheMappingIsRejectedAtLoad() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new Capabilities(Map.of("bad", new Capabilities.RoleGrant(List.of("a.>.b")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad");
    }

    @Test
    void aLiteralSubjectNamesTheScopeInstancesWhoseGrantWouldAllowIt() {
        Capabilities capabilities = Capabilities.defaults()
                .with(
                        Map.of(),
                        List.of(
                                new Capabilities.ScopedGrant("notebook", Set.of(), "notebook.{id}.events"),
                                new Capabilities.ScopedGrant("notebook", Set.of(), "presence.notebook.{id}.events"),
                                new Capabilities.ScopedGrant("brand", Set.of(), "brand.{id}.>")));
        assertThat(capabilities.scopeInstancesOf("notebook.42.events"))
                .containsExactly(new Membership("notebook", "42", ""));
        assertThat(capabilities.scopeInstancesOf("presence.notebook.42.events"))
                .containsExactly(new Membership("notebook", "42", ""));
        assertThat(capabilities.scopeInstancesOf("brand.7.products.9"))
                .containsExactly(new Membership("brand", "7", ""));
        assertThat(capabilities.scopeInstancesOf("notebook.42.events.more")).isEmpty();
        assertThat(capabilities.scopeInstancesOf("notebook.42")).isEmpty();
        assertThat(capabilities.scopeInstancesOf("chat.room.42")).isEmpty();
    }
}
