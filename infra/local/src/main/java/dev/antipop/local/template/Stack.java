package dev.antipop.local.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One template deployed locally: the template plus parameter values, a region and a stack name. Resolves intrinsic
 * functions ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::If}, {@code Fn::Equals},
 * {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::FindInMap},
 * {@code Fn::Base64}, {@code Fn::GetAZs}), pseudo parameters and conditions, and describes what the local cloud
 * emulates: tables, functions, HTTP APIs, WebSocket APIs.
 *
 * <p>Local values: {@code AWS::AccountId} is {@code 000000000000}; a table's {@code Ref} is its {@code TableName} or
 * {@code <stack>-<LogicalId>}; a function's {@code Ref} is its {@code FunctionName} or logical id, its {@code Arn}
 * {@code arn:aws:lambda:<region>:000000000000:function:<name>}; an API's {@code Ref} is a 10-character id stable per
 * logical id. A table's {@code StreamArn} is the one the DynamoDB engine reports, known once the table exists;
 * any resolved string {@code https://<apiId>.execute-api.<region>.amazonaws.com[/path]} (or {@code wss://...}) of one
 * of the template's APIs becomes the local endpoint. Both are {@link DeploymentFacts}: {@link #deployed} gives the
 * stack that resolves against them, so resolve function environments ({@link #functions()}) on a stack that knows the
 * tables' stream ARNs.
 *
 * <p>The work is split by job: {@link Intrinsics} evaluates intrinsic functions, {@link References} names resources,
 * one reader per resource type ({@link TableReader}, {@link FunctionReader}, {@link HttpApiReader},
 * {@link WebSocketApiReader}) builds the definitions. Thread-safe.
 */
public final class Stack {

    /** The account id every local ARN carries. */
    public static final String ACCOUNT_ID = "000000000000";

    /** The logical id SAM gives the HTTP API it creates for {@code HttpApi} events without {@code ApiId}. */
    public static final String IMPLICIT_HTTP_API = "ServerlessHttpApi";

    private static final Set<String> EMULATED_TYPES = Set.of(
            "AWS::DynamoDB::Table",
            "AWS::Serverless::SimpleTable",
            "AWS::Serverless::Function",
            "AWS::Serverless::HttpApi",
            "AWS::ApiGatewayV2::Api",
            "AWS::ApiGatewayV2::Route",
            "AWS::ApiGatewayV2::Integration",
            "AWS::ApiGatewayV2::RouteResponse",
            "AWS::ApiGatewayV2::Stage",
            "AWS::ApiGatewayV2::Deployment",
            "AWS::Lambda::Permission");

    /**
     * How to deploy the template locally.
     *
     * @param region {@code AWS::Region}
     * @param stackName {@code AWS::StackName}
     * @param parameterOverrides parameter values by name (as {@code sam deploy --parameter-overrides K=V})
     */
    public record Options(String region, String stackName, Map<String, String> parameterOverrides) {
        public Options {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(stackName, "stackName");
            parameterOverrides = Map.copyOf(parameterOverrides);
        }

        /** {@code us-east-1}, stack {@code antipop-local}, no overrides. */
        public static Options defaults() {
            return new Options("us-east-1", "antipop-local", Map.of());
        }
    }

    private final Template template;
    private final Options options;
    private final Map<String, TemplateResource> resources;
    private final boolean implicitHttpApi;
    private volatile Scope scope;

    private Stack(Template template, Options options) {
        this.template = template;
        this.options = options;
        Map<String, Object> parameterValues = ParameterValues.bind(template, options.parameterOverrides());
        Scope conditions = new Scope(
                        template,
                        options.region(),
                        options.stackName(),
                        parameterValues,
                        Map.of(),
                        DeploymentFacts.none(),
                        false)
                .forConditions();
        Intrinsics conditionEvaluator = new Intrinsics(conditions);
        Map<String, TemplateResource> kept = new LinkedHashMap<>();
        for (TemplateResource resource : template.resources().values()) {
            if (resource.condition() == null
                    || conditionEvaluator.condition(resource.condition(), "Resources." + resource.logicalId())) {
                kept.put(resource.logicalId(), resource);
            }
        }
        this.resources = Collections.unmodifiableMap(kept);
        this.implicitHttpApi = kept.values().stream()
                .filter(r -> r.type().equals("AWS::Serverless::Function"))
                .flatMap(r -> SamEvents.events(r).entrySet().stream())
                .anyMatch(e -> "HttpApi".equals(SamEvents.eventType(e.getValue()))
                        && !SamEvents.eventProperties(e.getValue()).containsKey("ApiId"));
        this.scope = new Scope(
                template,
                options.region(),
                options.stackName(),
                parameterValues,
                resources,
                DeploymentFacts.none(),
                false);
    }

    private Stack(Stack base, DeploymentFacts facts) {
        this.template = base.template;
        this.options = base.options;
        this.resources = base.resources;
        this.implicitHttpApi = base.implicitHttpApi;
        this.scope = base.scope.with(facts);
    }

    /**
     * Binds a template to parameter values, a region and a stack name.
     *
     * @throws TemplateException when an override names no declared parameter, a parameter has no value, a value is not
     *     among {@code AllowedValues}, or a resource's condition cannot be evaluated
     */
    public static Stack of(Template template, Options options) {
        return new Stack(template, options);
    }

    /** The template this stack deploys. */
    public Template template() {
        return template;
    }

    /** {@code AWS::Region}. */
    public String region() {
        return options.region();
    }

    /** {@code AWS::StackName}. */
    public String stackName() {
        return options.stackName();
    }

    /** Resources whose {@code Condition} holds (or that have none), by logical id, in template order. */
    public Map<String, TemplateResource> resources() {
        return resources;
    }

    /** Resources of types the local cloud does not emulate (they are listed at start and otherwise ignored). */
    public List<TemplateResource> notEmulated() {
        List<TemplateResource> result = new ArrayList<>();
        for (TemplateResource resource : resources.values()) {
            boolean httpProtocolV2Api = resource.type().equals("AWS::ApiGatewayV2::Api")
                    && !"WEBSOCKET".equals(String.valueOf(resource.properties().get("ProtocolType")));
            if (!EMULATED_TYPES.contains(resource.type()) || httpProtocolV2Api) {
                result.add(resource);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Deployment facts.

    /** The facts this stack resolves against. */
    public DeploymentFacts facts() {
        return scope.facts();
    }

    /** This stack resolving against other facts (this one is left as it is). */
    public Stack deployed(DeploymentFacts facts) {
        return new Stack(this, Objects.requireNonNull(facts, "facts"));
    }

    /**
     * Records the stream ARN the DynamoDB engine reported for a table ({@code LatestStreamArn}), the value of
     * {@code !GetAtt <table>.StreamArn} from then on: shorthand for replacing {@link #facts()} with
     * {@link DeploymentFacts#withStreamArn}.
     */
    public synchronized void recordStreamArn(String tableLogicalId, String streamArn) {
        scope = scope.with(scope.facts().withStreamArn(tableLogicalId, streamArn));
    }

    /**
     * Records where an API listens locally; resolved strings naming the API's AWS endpoint are rewritten to it:
     * shorthand for replacing {@link #facts()} with {@link DeploymentFacts#withApiEndpoint}.
     *
     * @param apiLogicalId the API's logical id
     * @param localBaseUrl e.g. {@code http://127.0.0.1:3001} (no trailing slash); {@code wss://} endpoints become the
     *     same URL with the {@code ws} scheme
     */
    public synchronized void recordApiEndpoint(String apiLogicalId, String localBaseUrl) {
        scope = scope.with(scope.facts().withApiEndpoint(apiLogicalId, localBaseUrl));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What the local cloud emulates.

    /**
     * The tables: {@code AWS::DynamoDB::Table} and {@code AWS::Serverless::SimpleTable}.
     *
     * @throws TemplateException when a table lacks {@code KeySchema} or {@code AttributeDefinitions}, or a value does
     *     not resolve
     */
    public List<TableDefinition> tables() {
        return new TableReader(evaluator(), resources).read();
    }

    /**
     * The functions, with Globals merged and environments resolved. Call on a stack whose facts hold the stream ARNs
     * and API endpoints, since environments and stream event sources refer to both.
     *
     * @throws TemplateException when a function lacks {@code Handler}, an event lacks a required property or has an
     *     out-of-range value, or a value does not resolve
     */
    public List<FunctionDefinition> functions() {
        return new FunctionReader(evaluator(), resources).read();
    }

    /**
     * The HTTP APIs with the routes functions declare on them ({@code Events} of {@code Type: HttpApi}).
     *
     * @throws TemplateException when an event names an API that is not an {@code AWS::Serverless::HttpApi} of this
     *     template
     */
    public List<HttpApiDefinition> httpApis() {
        return new HttpApiReader(evaluator(), resources).read(implicitHttpApi);
    }

    /**
     * The WebSocket APIs with their routes; a route's function comes from the Lambda ARN inside its integration's
     * {@code IntegrationUri}.
     *
     * @throws TemplateException when a route's {@code Target} does not name an integration of this template, or an
     *     integration's {@code IntegrationUri} names no function of this template
     */
    public List<WebSocketApiDefinition> webSocketApis() {
        return new WebSocketApiReader(evaluator(), resources).read();
    }

    /** The local API id of an API's logical id: 10 lowercase alphanumerics, stable per logical id. */
    public String apiId(String apiLogicalId) {
        return References.apiId(apiLogicalId);
    }

    /** The name of a table resource: {@code TableName}, else {@code <stack>-<LogicalId>}. */
    public String tableName(TemplateResource table) {
        return evaluator().references().tableName(table);
    }

    /** The name of a function resource: {@code FunctionName}, else its logical id. */
    public String functionName(TemplateResource function) {
        return evaluator().references().functionName(function);
    }

    /**
     * Resolves every intrinsic function, pseudo parameter and condition in a value; {@code AWS::NoValue} removes the
     * map entry or list element that holds it, and strings naming one of the template's API endpoints are rewritten to
     * the local endpoint.
     *
     * @param value a value from the template (maps, lists, scalars, long-form intrinsic functions)
     * @param where the path of the value in the template, for error messages
     * @return the resolved value; {@code null} for {@code null} or {@code AWS::NoValue} at the top
     * @throws TemplateException naming {@code where} when a reference names nothing or a function is malformed
     */
    public Object resolve(Object value, String where) {
        return evaluator().resolve(value, where);
    }

    private Intrinsics evaluator() {
        return new Intrinsics(scope);
    }
}
