package dev.antipop.runtime.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.runtime.projection.ViewProjection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RebuildPlanTest {

    private static final ViewProjection X = view("x", "A_TABLE", "SHARED_TABLE");
    private static final ViewProjection Y = view("y", "SHARED_TABLE");
    private static final ViewProjection Z = view("z", "B_TABLE");
    private static final Map<String, List<ViewProjection>> VIEWS =
            new TreeMap<>(Map.of("alpha", List.of(X), "beta", List.of(Y, Z)));
    private static final Map<String, String> VARIABLES = Map.of(
            "ALPHA_EVENTS_TABLE", "s-AlphaEventsTable",
            "BETA_EVENTS_TABLE", "s-BetaEventsTable",
            "A_TABLE", "s-A",
            "B_TABLE", "s-B",
            "SHARED_TABLE", "s-Shared");

    @Test
    void oneViewOfOneContextIsRebuiltAloneIntoAFreshTable() {
        RebuildPlan plan = RebuildPlan.resolve(VIEWS, RebuildRequest.of("beta", "z"), VARIABLES::get);

        assertThat(plan.runId()).isEqualTo("B_TABLE");
        assertThat(plan.sources()).singleElement().satisfies(source -> {
            assertThat(source.context()).isEqualTo("beta");
            assertThat(source.eventsTable()).isEqualTo("s-BetaEventsTable");
            assertThat(source.views()).containsExactly(Z);
        });
        assertThat(plan.live()).containsExactly(Map.entry("B_TABLE", "s-B"));
        assertThat(plan.fresh()).containsExactly(Map.entry("B_TABLE", "s-B-rebuild"));
    }

    @Test
    void aSharedTableIsRebuiltFromEveryContextWritingItAndBringsTheirOtherTables() {
        RebuildPlan plan = RebuildPlan.resolve(VIEWS, RebuildRequest.of("beta", "SHARED_TABLE"), VARIABLES::get);

        assertThat(plan.live()).containsOnlyKeys("A_TABLE", "SHARED_TABLE");
        assertThat(plan.runId()).isEqualTo("A_TABLE+SHARED_TABLE");
        assertThat(plan.sources())
                .extracting(RebuildPlan.Source::context, RebuildPlan.Source::views)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alpha", List.of(X)),
                        org.assertj.core.groups.Tuple.tuple("beta", List.of(Y)));
    }

    @Test
    void everythingByDefault() {
        RebuildPlan plan = RebuildPlan.resolve(VIEWS, RebuildRequest.of(null, null), VARIABLES::get);

        assertThat(plan.live()).containsOnlyKeys("A_TABLE", "B_TABLE", "SHARED_TABLE");
        assertThat(plan.sources()).hasSize(2);
    }

    @Test
    void aSelectionOfNothingOrAnUnsetVariableIsNamed() {
        assertThatThrownBy(() -> RebuildPlan.resolve(VIEWS, RebuildRequest.of("alpha", "z"), VARIABLES::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no view matches context alpha view z; views: alpha/x, beta/y, beta/z");
        assertThatThrownBy(() -> RebuildPlan.resolve(VIEWS, RebuildRequest.of("beta", "z"), name -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BETA_EVENTS_TABLE is not set");
        assertThatThrownBy(() -> new RebuildRequest(null, null, 0, 10, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ViewProjection view(String name, String... tables) {
        return new ViewProjection(name, List.of(tables), (client, tableOf) -> event -> {});
    }
}
