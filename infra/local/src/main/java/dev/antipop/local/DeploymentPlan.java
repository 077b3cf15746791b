package dev.antipop.local;

import dev.antipop.local.template.HttpApiDefinition;
import dev.antipop.local.template.Stack;
import dev.antipop.local.template.TableDefinition;
import dev.antipop.local.template.Template;
import dev.antipop.local.template.TemplateResource;
import dev.antipop.local.template.WebSocketApiDefinition;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first start phase: the template read and bound, and everything that does not depend on runtime facts resolved,
 * so that template mistakes surface before any server starts.
 *
 * @param stack the template bound to the options' parameters, region and stack name (no deployment facts yet)
 * @param tables the tables to create
 * @param httpApis the HTTP APIs to serve
 * @param webSocketApis the WebSocket APIs to serve
 */
record DeploymentPlan(
        Stack stack,
        List<TableDefinition> tables,
        List<HttpApiDefinition> httpApis,
        List<WebSocketApiDefinition> webSocketApis) {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentPlan.class);

    /**
     * Reads the template and resolves what does not need the running cloud; logs the resources not emulated.
     *
     * @throws dev.antipop.local.template.TemplateException for a template mistake
     */
    static DeploymentPlan read(LocalCloud.Options options) {
        Template template = Template.read(options.template());
        Stack stack = Stack.of(
                template, new Stack.Options(options.region(), options.stackName(), options.parameterOverrides()));
        List<TemplateResource> notEmulated = stack.notEmulated();
        if (!notEmulated.isEmpty()) {
            StringBuilder list = new StringBuilder();
            notEmulated.forEach(r -> list.append(list.length() == 0 ? "" : ", ")
                    .append(r.logicalId())
                    .append(" (")
                    .append(r.type())
                    .append(')'));
            LOG.info("not emulated (ignored): {}", list);
        }
        return new DeploymentPlan(stack, stack.tables(), stack.httpApis(), stack.webSocketApis());
    }
}
