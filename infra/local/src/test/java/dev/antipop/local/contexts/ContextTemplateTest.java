package dev.antipop.local.contexts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.local.template.FunctionDefinition;
import dev.antipop.local.template.HttpApiDefinition;
import dev.antipop.local.template.Stack;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.local.template.Template;
import dev.antipop.local.template.TemplateResource;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.context.StreamSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code template.yaml} agrees with every context descriptor on the classpath (README, "Adding a context"): each
 * mismatch is one line naming the descriptor's side and the template's side, and all are reported at once.
 */
class ContextTemplateTest {

    private static final Path ROOT_TEMPLATE = Path.of("../../template.yaml");

    private static Template template;
    private static Stack stack;
    private static Map<String, FunctionDefinition> functions;
    private static Map<String, String> tableNames;
    private static List<HttpApiDefinition.Route> routes;
    private static Contexts contexts;

    @BeforeAll
    static void read() {
        template = Template.read(ROOT_TEMPLATE);
        stack = Stack.of(template, Stack.Options.defaults());
        tableNames = new LinkedHashMap<>();
        for (TableDefinition table : stack.tables()) {
            tableNames.put(table.logicalId(), table.tableName());
            if (table.streamViewType() != null) {
                stack.recordStreamArn(table.logicalId(), streamArn(table.tableName()));
            }
        }
        functions = stack.functions().stream()
                .collect(Collectors.toMap(FunctionDefinition::logicalId, f -> f, (a, b) -> a, LinkedHashMap::new));
        routes = stack.httpApis().stream().flatMap(api -> api.routes().stream()).toList();
        contexts = Contexts.onClasspath();
    }

    private static String streamArn(String tableName) {
        return "arn:aws:dynamodb:us-east-1:000000000000:table/" + tableName + "/stream/2026-11-30T00:00:00.000";
    }

    @Test
    void everyContextModuleIsFound() {
        assertThat(contexts.all()).extracting(ContextDescriptor::name).contains("identity");
    }

    @Test
    void everyDescriptorMatchesTheTemplate() {
        List<String> problems = new ArrayList<>();
        for (ContextDescriptor context : contexts.all()) {
            checkContext(context, problems);
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theCommandRouterListsEveryHttpCommandOfEveryContextAndNothingElse() {
        FunctionDefinition router = functions.get("CommandFunction");
        assertThat(router)
                .as("template.yaml has no CommandFunction (POST /command)")
                .isNotNull();
        Map<String, String> listed = new LinkedHashMap<>();
        for (String entry :
                router.environment().getOrDefault("COMMAND_FUNCTIONS", "").split("[,;]")) {
            String[] pair = entry.strip().split("=", 2);
            if (pair.length == 2) {
                listed.put(pair[0].strip(), pair[1].strip());
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (ContextDescriptor context : contexts.all()) {
            for (CommandSpec command : context.commands()) {
                if (command.access() != CommandSpec.Access.INTERNAL) {
                    expected.put(command.name(), functionName(command.functionResource()));
                }
            }
        }
        assertThat(listed)
                .as("descriptors' HTTP commands vs template.yaml CommandFunction COMMAND_FUNCTIONS")
                .isEqualTo(expected);
    }

    @Test
    void noContextTableSitsInGlobals() {
        String globals = String.valueOf(template.globals());
        for (ContextDescriptor context : contexts.all()) {
            assertThat(globals)
                    .as("template.yaml Globals names context " + context.name() + "'s events table")
                    .doesNotContain(context.eventsTableResource());
        }
    }

    private static void checkContext(ContextDescriptor context, List<String> problems) {
        String who = "descriptor " + context.name();
        String eventsTable = context.eventsTableResource();
        if (!tableNames.containsKey(eventsTable)) {
            problems.add(who + " needs table " + eventsTable + ", but template.yaml has none");
            return;
        }
        for (CommandSpec command : context.commands()) {
            String what = who + " command " + command.name();
            FunctionDefinition function = functions.get(command.functionResource());
            if (function == null) {
                problems.add(what + " needs function " + command.functionResource() + ", template.yaml has none");
                continue;
            }
            checkFunction(context, what, function, command.beanName(), problems);
            equal(problems, what, "EVENTS_TABLE", tableNames.get(eventsTable), function, "EVENTS_TABLE");
            List<String> paths = routesOf(function.logicalId());
            if (command.access() == CommandSpec.Access.INTERNAL) {
                if (!paths.isEmpty()) {
                    problems.add(what + " is internal (no route), but template.yaml " + function.logicalId()
                            + " has routes " + paths);
                }
            } else if (!paths.equals(List.of("POST /commands/" + command.routeName()))) {
                problems.add(what + " needs route POST /commands/" + command.routeName() + ", but template.yaml "
                        + function.logicalId() + " has " + paths);
            }
        }
        for (QuerySpec query : context.queries()) {
            String what = who + " query " + query.method() + " " + query.path();
            FunctionDefinition function = functions.get(query.functionResource());
            if (function == null) {
                problems.add(what + " needs function " + query.functionResource() + ", template.yaml has none");
                continue;
            }
            checkFunction(context, what, function, query.bean(), problems);
            List<String> paths = routesOf(function.logicalId());
            if (!paths.contains(query.method() + " " + query.path())) {
                problems.add(what + " is not a route of template.yaml " + function.logicalId() + " " + paths);
            }
        }
        if (context.processor() != null) {
            String what = who + " processor " + context.processor();
            FunctionDefinition processor = functions.get(context.processorResource());
            if (processor == null) {
                problems.add(what + " needs function " + context.processorResource() + ", template.yaml has none");
            } else {
                checkFunction(context, what, processor, context.processor(), problems);
                if (!mappedTables(processor).contains(tableNames.get(eventsTable))) {
                    problems.add(what + " reads " + eventsTable + "'s stream, but template.yaml "
                            + processor.logicalId() + " is mapped to " + mappedTables(processor));
                }
            }
        }
        FunctionDefinition fanOut = functions.get("FanOutFunction");
        if (fanOut == null || !mappedTables(fanOut).contains(tableNames.get(eventsTable))) {
            problems.add(who + ": fan-out reads every events table, but template.yaml FanOutFunction is not mapped"
                    + " to " + eventsTable);
        }
        for (String consumer : List.of("FanOutFunction", "WsMessageFunction")) {
            FunctionDefinition function = functions.get(consumer);
            Map<String, Set<String>> declared =
                    sensitive(function == null ? "" : function.environment().get("SENSITIVE_FIELDS"));
            for (EventSpec event : context.events()) {
                Set<String> inTemplate = declared.getOrDefault(event.type(), Set.of());
                if (!inTemplate.equals(event.sensitiveFields())) {
                    problems.add(who + " event " + event.type() + " has sensitive fields "
                            + new TreeSet<>(event.sensitiveFields()) + ", template.yaml " + consumer
                            + " SENSITIVE_FIELDS has " + new TreeSet<>(inTemplate));
                }
            }
        }
        FunctionDefinition wsMessage = functions.get("WsMessageFunction");
        String topics = wsMessage == null ? "" : wsMessage.environment().getOrDefault("STREAM_TOPICS", "");
        Set<String> entries =
                Arrays.stream(topics.split(";")).map(String::strip).collect(Collectors.toSet());
        for (StreamSpec stream : context.streams()) {
            String entry = stream.topic() + "=" + stream.stream() + "@" + tableNames.get(eventsTable);
            if (!entries.contains(entry)) {
                problems.add(who + " resumable stream " + stream.topic() + " needs STREAM_TOPICS entry '"
                        + stream.topic() + "=" + stream.stream() + "@${" + eventsTable
                        + "}', template.yaml WsMessageFunction has '" + topics + "'");
            }
        }
    }

    private static void checkFunction(
            ContextDescriptor context, String what, FunctionDefinition function, String bean, List<String> problems) {
        TemplateResource resource = template.resources().get(function.logicalId());
        Object codeUri = resource.properties().get("CodeUri");
        if (!context.jar().equals(codeUri)) {
            problems.add(what + " runs from " + context.jar() + ", template.yaml " + function.logicalId()
                    + " has CodeUri " + codeUri);
        }
        equal(problems, what, "MAIN_CLASS", context.startClass().getName(), function, "MAIN_CLASS");
        equal(problems, what, "bean", bean, function, "SPRING_CLOUD_FUNCTION_DEFINITION");
    }

    private static void equal(
            List<String> problems,
            String what,
            String label,
            String expected,
            FunctionDefinition function,
            String variable) {
        String actual = function.environment().get(variable);
        if (!expected.equals(actual)) {
            problems.add(what + " needs " + label + " " + expected + ", template.yaml " + function.logicalId() + " "
                    + variable + " is " + actual);
        }
    }

    private static List<String> routesOf(String functionLogicalId) {
        return routes.stream()
                .filter(r -> r.functionLogicalId().equals(functionLogicalId))
                .map(r -> r.method() + " " + r.path())
                .toList();
    }

    private static List<String> mappedTables(FunctionDefinition function) {
        List<String> tables = new ArrayList<>();
        function.dynamoDbEvents()
                .forEach(event -> tableNames.values().stream()
                        .filter(name -> event.streamArn().equals(streamArn(name)))
                        .forEach(tables::add));
        return tables;
    }

    private static String functionName(String logicalId) {
        return Optional.ofNullable(functions.get(logicalId))
                .map(FunctionDefinition::functionName)
                .orElse(logicalId);
    }

    /** {@code type:field,field;type:field} → type → fields. */
    private static Map<String, Set<String>> sensitive(String spec) {
        Map<String, Set<String>> byType = new LinkedHashMap<>();
        if (spec == null) {
            return byType;
        }
        for (String entry : spec.split(";")) {
            String[] pair = entry.strip().split(":", 2);
            if (pair.length == 2) {
                byType.put(
                        pair[0].strip(),
                        Arrays.stream(pair[1].split(",")).map(String::strip).collect(Collectors.toSet()));
            }
        }
        return byType;
    }
}
