package dev.antipop.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The project's own {@code template.yaml} reads and resolves (skipped until the template exists). */
class RootTemplateTest {

    private static final Path ROOT_TEMPLATE = Path.of("../../template.yaml");

    @Test
    void rootTemplateResolvesEverythingTheLocalCloudEmulates() {
        assumeTrue(Files.exists(ROOT_TEMPLATE), "no template.yaml at the repository root yet");

        Stack stack = Stack.of(Template.read(ROOT_TEMPLATE), Stack.Options.defaults());
        for (TableDefinition table : stack.tables()) {
            if (table.streamViewType() != null) {
                stack.recordStreamArn(
                        table.logicalId(),
                        "arn:aws:dynamodb:us-east-1:000000000000:table/" + table.tableName()
                                + "/stream/2026-11-22T00:00:00.000");
            }
        }
        Set<String> functions = new HashSet<>();
        for (FunctionDefinition function : stack.functions()) {
            assertThat(function.handler()).as(function.logicalId()).isNotBlank();
            functions.add(function.logicalId());
        }
        stack.httpApis()
                .forEach(api ->
                        api.routes().forEach(route -> assertThat(functions).contains(route.functionLogicalId())));
        stack.webSocketApis()
                .forEach(api ->
                        api.routes().forEach(route -> assertThat(functions).contains(route.functionLogicalId())));
    }
}
