package dev.antipop.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.local.template.FunctionDefinition;
import dev.antipop.local.template.Stack;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.local.template.Template;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.projection.ViewProjection;
import dev.antipop.runtime.rebuild.RebuildPlan;
import dev.antipop.runtime.rebuild.RebuildRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code RebuildProjectionsFunction} in the root template against the contexts' views: it names every context's
 * events table and, for every view, the very table its context's processor writes (so a rebuilt view is swapped into
 * the table the processor and the read routes use).
 */
class RebuildTemplateTest {

    private static final Path TEMPLATE = Path.of("../../template.yaml");

    @Test
    void theRebuildFunctionNamesTheTablesEveryProcessorWrites() {
        Map<String, String> variables = RebuildCommand.variables(
                CommandLine.parse(new String[] {"rebuild-projections", "--template", TEMPLATE.toString()}));
        Stack stack = Stack.of(Template.read(TEMPLATE), Stack.Options.defaults());
        for (TableDefinition table : stack.tables()) {
            if (table.streamViewType() != null) {
                stack.recordStreamArn(table.logicalId(), "arn:aws:dynamodb:us-east-1:000000000000:table/x/stream/y");
            }
        }
        Map<String, List<ViewProjection>> views = RebuildPlan.viewsOnClasspath();
        List<String> problems = new ArrayList<>();
        for (ContextDescriptor context : Contexts.onClasspath().all()) {
            List<ViewProjection> list = views.getOrDefault(context.name(), List.of());
            if (list.isEmpty()) {
                continue;
            }
            String events = RebuildPlan.eventsVariable(context.name());
            String eventsTable = stack.stackName() + "-" + context.eventsTableResource();
            if (!eventsTable.equals(variables.get(events))) {
                problems.add(events + " is " + variables.get(events) + ", not " + eventsTable);
            }
            FunctionDefinition processor = stack.functions().stream()
                    .filter(f -> f.logicalId().equals(context.processorResource()))
                    .findFirst()
                    .orElseThrow();
            for (ViewProjection view : list) {
                for (String table : view.tables()) {
                    String written = processor.environment().get(table);
                    if (written == null || !written.equals(variables.get(table))) {
                        problems.add(context.name() + "/" + view.name() + ": " + table + " is "
                                + variables.get(table) + " for the rebuild, " + written + " for "
                                + processor.logicalId());
                    }
                }
            }
        }

        assertThat(problems).isEmpty();
        assertThat(views.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(10);
        assertThat(RebuildPlan.resolve(views, RebuildRequest.of(null, null), variables::get)
                        .sources())
                .hasSize(views.size());
    }
}
