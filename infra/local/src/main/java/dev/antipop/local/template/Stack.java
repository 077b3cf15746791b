package dev.antipop.local.template;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * logical id. A table's {@code StreamArn} is the one the DynamoDB engine reports, known once the table exists
 * ({@link #recordStreamArn}); so resolve function environments ({@link #functions()}) after creating tables. Any
 * resolved string {@code https://<apiId>.execute-api.<region>.amazonaws.com[/path]} (or {@code wss://...}) of one of
 * the template's APIs becomes the local endpoint recorded with {@link #recordApiEndpoint}.
 *
 * <p>Thread-safe for reads after the local cloud has recorded stream ARNs and endpoints.
 */
public final class Stack {

    /** The account id every local ARN carries. */
    public static final String ACCOUNT_ID = "000000000000";

    /** The logical id SAM gives the HTTP API it creates for {@code HttpApi} events without {@code ApiId}. */
    public static final String IMPLICIT_HTTP_API = "ServerlessHttpApi";

    private static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

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

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern API_ENDPOINT =
            Pattern.compile("^(https|wss)://([a-z0-9]{10})\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(/.*)?$");
    private static final Pattern LAMBDA_ARN = Pattern.compile("arn:aws:lambda:[^:]*:[0-9]*:function:([A-Za-z0-9_-]+)");

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
    private final Map<String, Object> parameterValues = new HashMap<>();
    private final Map<String, Boolean> conditionValues = new ConcurrentHashMap<>();
    private final Set<String> conditionsInProgress = new HashSet<>();
    private final Map<String, String> streamArns = new ConcurrentHashMap<>();
    private final Map<String, String> localEndpoints = new ConcurrentHashMap<>();
    private final Map<String, TemplateResource> resources = new LinkedHashMap<>();
    private final boolean implicitHttpApi;

    private Stack(Template template, Options options) {
        this.template = template;
        this.options = options;
        for (String name : options.parameterOverrides().keySet()) {
            if (!template.parameters().containsKey(name)) {
                throw new TemplateException(
                        "Parameter override " + name + ": the template declares no such parameter" + " (declared: "
                                + String.join(", ", template.parameters().keySet()) + ")");
            }
        }
        template.parameters().values().forEach(this::bindParameter);
        for (TemplateResource resource : template.resources().values()) {
            if (resource.condition() == null || condition(resource.condition(), "Resources." + resource.logicalId())) {
                resources.put(resource.logicalId(), resource);
            }
        }
        implicitHttpApi = resources.values().stream()
                .filter(r -> r.type().equals("AWS::Serverless::Function"))
                .flatMap(r -> events(r).entrySet().stream())
                .anyMatch(e -> "HttpApi".equals(eventType(e.getValue()))
                        && !eventProperties(e.getValue()).containsKey("ApiId"));
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
        return java.util.Collections.unmodifiableMap(resources);
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
    // Runtime facts the local cloud learns while starting.

    /**
     * Records the stream ARN the DynamoDB engine reported for a table ({@code LatestStreamArn}), the value of
     * {@code !GetAtt <table>.StreamArn} from then on.
     */
    public void recordStreamArn(String tableLogicalId, String streamArn) {
        streamArns.put(tableLogicalId, streamArn);
    }

    /**
     * Records where an API listens locally; resolved strings naming the API's AWS endpoint are rewritten to it.
     *
     * @param apiLogicalId the API's logical id
     * @param localBaseUrl e.g. {@code http://127.0.0.1:3001} (no trailing slash); {@code wss://} endpoints become the
     *     same URL with the {@code ws} scheme
     */
    public void recordApiEndpoint(String apiLogicalId, String localBaseUrl) {
        localEndpoints.put(apiId(apiLogicalId), localBaseUrl);
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
        List<TableDefinition> tables = new ArrayList<>();
        for (TemplateResource resource : resources.values()) {
            String where = "Resources." + resource.logicalId() + ".Properties";
            boolean table = resource.type().equals("AWS::DynamoDB::Table");
            if (!table && !resource.type().equals("AWS::Serverless::SimpleTable")) {
                continue;
            }
            Map<String, Object> p = resolvedProperties(resource);
            if (table) {
                List<TableDefinition.Attribute> attributes = new ArrayList<>();
                for (Object a : list(required(p, "AttributeDefinitions", where), where + ".AttributeDefinitions")) {
                    Map<String, Object> m = Template.mapping(a, where + ".AttributeDefinitions");
                    attributes.add(new TableDefinition.Attribute(
                            text(required(m, "AttributeName", where + ".AttributeDefinitions")),
                            text(required(m, "AttributeType", where + ".AttributeDefinitions"))));
                }
                List<TableDefinition.Key> keys = keySchema(required(p, "KeySchema", where), where + ".KeySchema");
                String streamViewType = null;
                if (p.get("StreamSpecification") instanceof Map<?, ?> spec && spec.get("StreamViewType") != null) {
                    streamViewType = text(spec.get("StreamViewType"));
                }
                String ttl = null;
                if (p.get("TimeToLiveSpecification") instanceof Map<?, ?> spec
                        && Boolean.parseBoolean(String.valueOf(spec.get("Enabled")))) {
                    ttl = text(required(
                            Template.mapping(spec, where + ".TimeToLiveSpecification"),
                            "AttributeName",
                            where + ".TimeToLiveSpecification"));
                }
                tables.add(new TableDefinition(
                        resource.logicalId(),
                        tableName(resource),
                        attributes,
                        keys,
                        indexes(p.get("GlobalSecondaryIndexes"), where + ".GlobalSecondaryIndexes"),
                        indexes(p.get("LocalSecondaryIndexes"), where + ".LocalSecondaryIndexes"),
                        streamViewType,
                        ttl));
            } else {
                String keyName = "id";
                String keyType = "S";
                if (p.get("PrimaryKey") instanceof Map<?, ?> primaryKey) {
                    keyName = text(required(Template.mapping(primaryKey, where), "Name", where + ".PrimaryKey"));
                    String samType = text(required(Template.mapping(primaryKey, where), "Type", where + ".PrimaryKey"));
                    keyType = switch (samType) {
                        case "String" -> "S";
                        case "Number" -> "N";
                        case "Binary" -> "B";
                        default ->
                            throw new TemplateException(
                                    where + ".PrimaryKey.Type: " + samType + " is not String, Number or Binary");
                    };
                }
                tables.add(new TableDefinition(
                        resource.logicalId(),
                        tableName(resource),
                        List.of(new TableDefinition.Attribute(keyName, keyType)),
                        List.of(new TableDefinition.Key(keyName, "HASH")),
                        List.of(),
                        List.of(),
                        null,
                        null));
            }
        }
        return tables;
    }

    /**
     * The functions, with Globals merged and environments resolved. Call after {@link #recordStreamArn} and
     * {@link #recordApiEndpoint}, since environments and stream event sources refer to both.
     *
     * @throws TemplateException when a function lacks {@code Handler}, an event lacks a required property or has an
     *     out-of-range value, or a value does not resolve
     */
    public List<FunctionDefinition> functions() {
        List<FunctionDefinition> functions = new ArrayList<>();
        for (TemplateResource resource : resources.values()) {
            if (!resource.type().equals("AWS::Serverless::Function")) {
                continue;
            }
            String where = "Resources." + resource.logicalId() + ".Properties";
            Map<String, Object> p = resolvedProperties(resource);
            String handler = text(required(p, "Handler", where));
            Map<String, String> environment = new LinkedHashMap<>();
            if (p.get("Environment") instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> variables) {
                variables.forEach((k, v) -> {
                    if (v instanceof Map<?, ?> || v instanceof List<?>) {
                        throw new TemplateException(
                                where + ".Environment.Variables." + k + ": must resolve to a string, found " + v);
                    }
                    environment.put(String.valueOf(k), text(v));
                });
            }
            String architecture = "x86_64";
            if (p.get("Architectures") instanceof List<?> archs && !archs.isEmpty()) {
                architecture = text(archs.get(0));
            }
            List<DynamoDbEventSource> streamEvents = new ArrayList<>();
            Map<String, Object> events =
                    p.get("Events") == null ? Map.of() : Template.mapping(p.get("Events"), where + ".Events");
            for (Map.Entry<String, Object> event : events.entrySet()) {
                if ("DynamoDB".equals(eventType(event.getValue()))) {
                    streamEvents.add(dynamoDbEvent(
                            resource.logicalId(),
                            event.getKey(),
                            eventProperties(event.getValue()),
                            where + ".Events." + event.getKey() + ".Properties"));
                }
            }
            functions.add(new FunctionDefinition(
                    resource.logicalId(),
                    functionName(resource),
                    handler,
                    p.get("Runtime") == null ? null : text(p.get("Runtime")),
                    integer(p.getOrDefault("Timeout", 3), where + ".Timeout", 1, 900),
                    integer(p.getOrDefault("MemorySize", 128), where + ".MemorySize", 128, 10240),
                    architecture,
                    environment,
                    streamEvents));
        }
        return functions;
    }

    /**
     * The HTTP APIs with the routes functions declare on them ({@code Events} of {@code Type: HttpApi}).
     *
     * @throws TemplateException when an event names an API that is not an {@code AWS::Serverless::HttpApi} of this
     *     template
     */
    public List<HttpApiDefinition> httpApis() {
        Map<String, List<HttpApiDefinition.Route>> routes = new LinkedHashMap<>();
        Map<String, String> stages = new LinkedHashMap<>();
        for (TemplateResource resource : resources.values()) {
            if (resource.type().equals("AWS::Serverless::HttpApi")) {
                Object stage = resolve(
                        resource.properties().get("StageName"),
                        "Resources." + resource.logicalId() + ".Properties.StageName");
                stages.put(resource.logicalId(), stage == null || stage == NO_VALUE ? "$default" : text(stage));
                routes.put(resource.logicalId(), new ArrayList<>());
            }
        }
        if (implicitHttpApi) {
            stages.put(IMPLICIT_HTTP_API, "$default");
            routes.put(IMPLICIT_HTTP_API, new ArrayList<>());
        }
        for (TemplateResource resource : resources.values()) {
            if (!resource.type().equals("AWS::Serverless::Function")) {
                continue;
            }
            for (Map.Entry<String, Object> event : events(resource).entrySet()) {
                if (!"HttpApi".equals(eventType(event.getValue()))) {
                    continue;
                }
                String where =
                        "Resources." + resource.logicalId() + ".Properties.Events." + event.getKey() + ".Properties";
                Map<String, Object> properties = eventProperties(event.getValue());
                String api = IMPLICIT_HTTP_API;
                if (properties.containsKey("ApiId")) {
                    api = apiLogicalId(properties.get("ApiId"), where + ".ApiId");
                    if (!routes.containsKey(api)) {
                        throw new TemplateException(
                                where + ".ApiId: " + api + " is not an AWS::Serverless::HttpApi of this template");
                    }
                }
                Object path = resolve(properties.get("Path"), where + ".Path");
                Object method = resolve(properties.get("Method"), where + ".Method");
                if (path == null || "$default".equals(path)) {
                    routes.get(api).add(new HttpApiDefinition.Route(null, "$default", resource.logicalId()));
                } else {
                    String verb = method == null ? "ANY" : text(method).toUpperCase(Locale.ROOT);
                    routes.get(api).add(new HttpApiDefinition.Route(verb, text(path), resource.logicalId()));
                }
            }
        }
        List<HttpApiDefinition> apis = new ArrayList<>();
        routes.forEach((logicalId, apiRoutes) ->
                apis.add(new HttpApiDefinition(logicalId, apiId(logicalId), stages.get(logicalId), apiRoutes)));
        return apis;
    }

    /**
     * The WebSocket APIs with their routes; a route's function comes from the Lambda ARN inside its integration's
     * {@code IntegrationUri}.
     *
     * @throws TemplateException when a route's {@code Target} does not name an integration of this template, or an
     *     integration's {@code IntegrationUri} names no function of this template
     */
    public List<WebSocketApiDefinition> webSocketApis() {
        Map<String, String> integrationFunctions = new HashMap<>();
        Set<String> routesWithResponse = new HashSet<>();
        Map<String, String> stageNames = new HashMap<>();
        for (TemplateResource resource : resources.values()) {
            String where = "Resources." + resource.logicalId() + ".Properties";
            switch (resource.type()) {
                case "AWS::ApiGatewayV2::Integration" -> {
                    String uri = text(resolve(required(resource.properties(), "IntegrationUri", where), where));
                    Matcher matcher = LAMBDA_ARN.matcher(uri);
                    if (!matcher.find()) {
                        throw new TemplateException(where + ".IntegrationUri: " + uri
                                + " names no Lambda function (expected ...functions/<function ARN>/invocations)");
                    }
                    String functionLogicalId = functionByName(matcher.group(1));
                    if (functionLogicalId == null) {
                        throw new TemplateException(where + ".IntegrationUri: function " + matcher.group(1)
                                + " is not an AWS::Serverless::Function of this template");
                    }
                    integrationFunctions.put(stableId(resource.logicalId(), 7), functionLogicalId);
                }
                case "AWS::ApiGatewayV2::RouteResponse" -> {
                    Object routeId = resolve(required(resource.properties(), "RouteId", where), where + ".RouteId");
                    routesWithResponse.add(text(routeId));
                }
                case "AWS::ApiGatewayV2::Stage" -> {
                    String api = apiLogicalId(required(resource.properties(), "ApiId", where), where + ".ApiId");
                    stageNames.put(
                            api,
                            text(resolve(required(resource.properties(), "StageName", where), where + ".StageName")));
                }
                default -> {
                    // other types are handled elsewhere or not at all
                }
            }
        }
        List<WebSocketApiDefinition> apis = new ArrayList<>();
        for (TemplateResource api : resources.values()) {
            if (!api.type().equals("AWS::ApiGatewayV2::Api")
                    || !"WEBSOCKET".equals(String.valueOf(api.properties().get("ProtocolType")))) {
                continue;
            }
            List<WebSocketApiDefinition.Route> routes = new ArrayList<>();
            for (TemplateResource route : resources.values()) {
                if (!route.type().equals("AWS::ApiGatewayV2::Route")) {
                    continue;
                }
                String where = "Resources." + route.logicalId() + ".Properties";
                if (!api.logicalId()
                        .equals(apiLogicalId(required(route.properties(), "ApiId", where), where + ".ApiId"))) {
                    continue;
                }
                String routeKey = text(resolve(required(route.properties(), "RouteKey", where), where + ".RouteKey"));
                Object target = resolve(route.properties().get("Target"), where + ".Target");
                if (target == null) {
                    throw new TemplateException(where + ".Target: required property missing (integrations/<id>)");
                }
                String targetText = text(target);
                String integrationId = targetText.startsWith("integrations/")
                        ? targetText.substring("integrations/".length())
                        : targetText;
                String function = integrationFunctions.get(integrationId);
                if (function == null) {
                    throw new TemplateException(where + ".Target: " + targetText
                            + " names no AWS::ApiGatewayV2::Integration of this template");
                }
                routes.add(new WebSocketApiDefinition.Route(
                        route.logicalId(),
                        routeKey,
                        function,
                        routesWithResponse.contains(stableId(route.logicalId(), 7))));
            }
            String where = "Resources." + api.logicalId() + ".Properties";
            Object selection = resolve(api.properties().get("RouteSelectionExpression"), where);
            apis.add(new WebSocketApiDefinition(
                    api.logicalId(),
                    apiId(api.logicalId()),
                    selection == null ? "$request.body.action" : text(selection),
                    stageNames.getOrDefault(api.logicalId(), "production"),
                    routes));
        }
        return apis;
    }

    /** The local API id of an API's logical id: 10 lowercase alphanumerics, stable per logical id. */
    public String apiId(String apiLogicalId) {
        return stableId(apiLogicalId, 10);
    }

    /** The name of a table resource: {@code TableName}, else {@code <stack>-<LogicalId>}. */
    public String tableName(TemplateResource table) {
        Object name = resolve(
                table.properties().get("TableName"), "Resources." + table.logicalId() + ".Properties.TableName");
        return name == null || name == NO_VALUE ? stackName() + "-" + table.logicalId() : text(name);
    }

    /** The name of a function resource: {@code FunctionName}, else its logical id. */
    public String functionName(TemplateResource function) {
        Object name = resolve(
                function.properties().get("FunctionName"),
                "Resources." + function.logicalId() + ".Properties.FunctionName");
        return name == null || name == NO_VALUE ? function.logicalId() : text(name);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Resolution.

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
        Object resolved = resolveValue(value, where);
        return resolved == NO_VALUE ? null : resolved;
    }

    private Map<String, Object> resolvedProperties(TemplateResource resource) {
        Map<String, Object> properties = resource.properties();
        if (resource.type().equals("AWS::Serverless::Function")
                && template.globals().get("Function") != null) {
            properties =
                    mergeGlobals(Template.mapping(template.globals().get("Function"), "Globals.Function"), properties);
        }
        Object resolved = resolveValue(properties, "Resources." + resource.logicalId() + ".Properties");
        return Template.mapping(resolved, "Resources." + resource.logicalId() + ".Properties");
    }

    /** SAM Globals: maps merge per key (the function wins), lists concatenate (globals first), scalars override. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeGlobals(Map<String, Object> globals, Map<String, Object> local) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        local.forEach((key, value) -> {
            Object global = merged.get(key);
            if (global instanceof Map<?, ?> g && value instanceof Map<?, ?> l && !isIntrinsic(g) && !isIntrinsic(l)) {
                merged.put(key, mergeGlobals((Map<String, Object>) g, (Map<String, Object>) l));
            } else if (global instanceof List<?> g && value instanceof List<?> l) {
                List<Object> both = new ArrayList<>(g);
                both.addAll(l);
                merged.put(key, both);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static boolean isIntrinsic(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }

    private Object resolveValue(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            if (isIntrinsic(map)) {
                Map.Entry<?, ?> entry = map.entrySet().iterator().next();
                return intrinsic(String.valueOf(entry.getKey()), entry.getValue(), where);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object resolved = resolveValue(v, where + "." + k);
                if (resolved != NO_VALUE) {
                    result.put(String.valueOf(k), resolved);
                }
            });
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object resolved = resolveValue(list.get(i), where + "[" + i + "]");
                if (resolved != NO_VALUE) {
                    result.add(resolved);
                }
            }
            return result;
        }
        if (value instanceof String s) {
            return rewriteEndpoint(s);
        }
        return value;
    }

    private Object intrinsic(String function, Object argument, String where) {
        String at = where + " (" + function + ")";
        switch (function) {
            case "Ref":
                return ref(text(resolveValue(argument, at)), at);
            case "Condition":
                return condition(text(argument), at);
            case "Fn::GetAtt": {
                List<?> parts = argument instanceof String s ? List.of(s.split("\\.", 2)) : list(argument, at);
                if (parts.size() != 2) {
                    throw new TemplateException(at + ": expected [LogicalId, Attribute], found " + argument);
                }
                return getAtt(text(resolveValue(parts.get(0), at)), text(resolveValue(parts.get(1), at)), at);
            }
            case "Fn::Sub":
                return rewriteEndpoint(sub(argument, at));
            case "Fn::Join": {
                List<?> args = list(argument, at);
                if (args.size() != 2) {
                    throw new TemplateException(at + ": expected [delimiter, [values]]");
                }
                String delimiter = text(resolveValue(args.get(0), at));
                List<String> parts = new ArrayList<>();
                for (Object part : list(resolveValue(args.get(1), at), at)) {
                    parts.add(text(part));
                }
                return rewriteEndpoint(String.join(delimiter, parts));
            }
            case "Fn::If": {
                List<?> args = list(argument, at);
                if (args.size() != 3) {
                    throw new TemplateException(at + ": expected [condition, value if true, value if false]");
                }
                return condition(text(args.get(0)), at) ? resolveValue(args.get(1), at) : resolveValue(args.get(2), at);
            }
            case "Fn::Equals": {
                List<?> args = list(argument, at);
                if (args.size() != 2) {
                    throw new TemplateException(at + ": expected [value, value]");
                }
                return text(resolveValue(args.get(0), at)).equals(text(resolveValue(args.get(1), at)));
            }
            case "Fn::Not": {
                List<?> args = list(argument, at);
                if (args.size() != 1) {
                    throw new TemplateException(at + ": expected [condition]");
                }
                return !truth(resolveValue(args.get(0), at), at);
            }
            case "Fn::And":
            case "Fn::Or": {
                List<?> args = list(argument, at);
                if (args.size() < 2 || args.size() > 10) {
                    throw new TemplateException(at + ": expected 2 to 10 conditions");
                }
                boolean and = function.equals("Fn::And");
                for (Object arg : args) {
                    boolean value = truth(resolveValue(arg, at), at);
                    if (and != value) {
                        return value;
                    }
                }
                return and;
            }
            case "Fn::Select": {
                List<?> args = list(argument, at);
                if (args.size() != 2) {
                    throw new TemplateException(at + ": expected [index, [values]]");
                }
                int index = integer(resolveValue(args.get(0), at), at, 0, Integer.MAX_VALUE);
                List<?> values = list(resolveValue(args.get(1), at), at);
                if (index >= values.size()) {
                    throw new TemplateException(at + ": index " + index + " is outside a list of " + values.size());
                }
                return values.get(index);
            }
            case "Fn::Split": {
                List<?> args = list(argument, at);
                if (args.size() != 2) {
                    throw new TemplateException(at + ": expected [delimiter, string]");
                }
                String delimiter = text(resolveValue(args.get(0), at));
                String source = text(resolveValue(args.get(1), at));
                return new ArrayList<Object>(List.of(source.split(Pattern.quote(delimiter), -1)));
            }
            case "Fn::FindInMap": {
                List<?> args = list(argument, at);
                if (args.size() != 3) {
                    throw new TemplateException(at + ": expected [MapName, TopLevelKey, SecondLevelKey]");
                }
                String map = text(resolveValue(args.get(0), at));
                String top = text(resolveValue(args.get(1), at));
                String second = text(resolveValue(args.get(2), at));
                if (!(template.mappings().get(map) instanceof Map<?, ?> mapping)
                        || !(mapping.get(top) instanceof Map<?, ?> level)
                        || !level.containsKey(second)) {
                    throw new TemplateException(
                            at + ": Mappings." + map + "." + top + "." + second + " does not exist");
                }
                return resolveValue(level.get(second), at);
            }
            case "Fn::Base64":
                return Base64.getEncoder()
                        .encodeToString(text(resolveValue(argument, at)).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs": {
                String region = text(resolveValue(argument, at));
                String r = region.isEmpty() ? region() : region;
                return new ArrayList<Object>(List.of(r + "a", r + "b", r + "c"));
            }
            default:
                throw new TemplateException(at + ": " + function + " is not supported by the local cloud");
        }
    }

    private String sub(Object argument, String where) {
        String pattern;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> args) {
            if (args.size() != 2) {
                throw new TemplateException(where + ": expected a string or [string, {variables}]");
            }
            pattern = text(resolveValue(args.get(0), where));
            variables = Template.mapping(resolveValue(args.get(1), where), where + " variables");
        } else {
            pattern = text(resolveValue(argument, where));
        }
        StringBuilder out = new StringBuilder();
        Matcher matcher = SUB_VARIABLE.matcher(pattern);
        int last = 0;
        while (matcher.find()) {
            out.append(pattern, last, matcher.start());
            String name = matcher.group(1).trim();
            if (name.startsWith("!")) {
                // ${!Literal} writes ${Literal} (CloudFormation Fn::Sub).
                out.append("${").append(name.substring(1)).append('}');
            } else if (variables.containsKey(name)) {
                out.append(text(variables.get(name)));
            } else {
                int dot = name.indexOf('.');
                if (dot > 0 && !name.startsWith("AWS::")) {
                    out.append(text(getAtt(name.substring(0, dot), name.substring(dot + 1), where)));
                } else {
                    out.append(text(ref(name, where)));
                }
            }
            last = matcher.end();
        }
        out.append(pattern.substring(last));
        return out.toString();
    }

    private Object ref(String name, String where) {
        switch (name) {
            case "AWS::Region":
                return region();
            case "AWS::AccountId":
                return ACCOUNT_ID;
            case "AWS::StackName":
                return stackName();
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + region() + ":" + ACCOUNT_ID + ":stack/" + stackName() + "/"
                        + stableId(stackName(), 10);
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::Partition":
                return "aws";
            case "AWS::NoValue":
                return NO_VALUE;
            case "AWS::NotificationARNs":
                return new ArrayList<>();
            default:
                break;
        }
        if (parameterValues.containsKey(name)) {
            return parameterValues.get(name);
        }
        TemplateResource resource = resources.get(name);
        if (resource == null) {
            throw new TemplateException(where + ": " + unknown(name));
        }
        return switch (resource.type()) {
            case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" -> tableName(resource);
            case "AWS::Serverless::Function" -> functionName(resource);
            case "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api" -> apiId(name);
            case "AWS::ApiGatewayV2::Stage" ->
                text(resolveValue(
                        required(resource.properties(), "StageName", "Resources." + name + ".Properties"),
                        "Resources." + name + ".Properties.StageName"));
            default -> stableId(name, 7);
        };
    }

    private Object getAtt(String logicalId, String attribute, String where) {
        TemplateResource resource = resources.get(logicalId);
        if (resource == null) {
            throw new TemplateException(where + ": " + unknown(logicalId));
        }
        String unsupported = where + ": " + resource.type() + " " + logicalId + " has no attribute " + attribute;
        switch (resource.type()) {
            case "AWS::DynamoDB::Table":
            case "AWS::Serverless::SimpleTable": {
                String arn = "arn:aws:dynamodb:" + region() + ":" + ACCOUNT_ID + ":table/" + tableName(resource);
                if (attribute.equals("Arn")) {
                    return arn;
                }
                if (attribute.equals("StreamArn")) {
                    String streamArn = streamArns.get(logicalId);
                    if (streamArn == null) {
                        throw new TemplateException(where + ": " + logicalId + ".StreamArn is unknown: "
                                + (resource.properties().get("StreamSpecification") == null
                                        ? "the table has no StreamSpecification"
                                        : "the table has not been created yet"));
                    }
                    return streamArn;
                }
                throw new TemplateException(unsupported);
            }
            case "AWS::Serverless::Function":
                if (attribute.equals("Arn")) {
                    return "arn:aws:lambda:" + region() + ":" + ACCOUNT_ID + ":function:" + functionName(resource);
                }
                throw new TemplateException(unsupported);
            case "AWS::Serverless::HttpApi":
            case "AWS::ApiGatewayV2::Api": {
                boolean webSocket =
                        "WEBSOCKET".equals(String.valueOf(resource.properties().get("ProtocolType")));
                if (attribute.equals("ApiId")) {
                    return apiId(logicalId);
                }
                if (attribute.equals("ApiEndpoint")) {
                    return rewriteEndpoint((webSocket ? "wss://" : "https://") + apiId(logicalId) + ".execute-api."
                            + region() + ".amazonaws.com");
                }
                throw new TemplateException(unsupported);
            }
            default:
                // A resource the local cloud does not emulate: a recognisable placeholder keeps the rest running.
                return "arn:aws:local:" + region() + ":" + ACCOUNT_ID + ":" + logicalId + "/" + attribute;
        }
    }

    private String unknown(String name) {
        TemplateResource excluded = template.resources().get(name);
        if (excluded != null) {
            return name + " is excluded by its Condition " + excluded.condition();
        }
        return name + " is neither a parameter, a pseudo parameter nor a resource of this template";
    }

    private boolean condition(String name, String where) {
        Boolean known = conditionValues.get(name);
        if (known != null) {
            return known;
        }
        Object declaration = template.conditions().get(name);
        if (declaration == null) {
            throw new TemplateException(where + ": condition " + name + " is not declared under Conditions");
        }
        synchronized (conditionsInProgress) {
            if (!conditionsInProgress.add(name)) {
                throw new TemplateException("Conditions." + name + ": refers to itself");
            }
        }
        try {
            boolean value = truth(resolveValue(declaration, "Conditions." + name), "Conditions." + name);
            conditionValues.put(name, value);
            return value;
        } finally {
            synchronized (conditionsInProgress) {
                conditionsInProgress.remove(name);
            }
        }
    }

    private static boolean truth(Object value, String where) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new TemplateException(where + ": expected a condition (true/false), found " + value);
    }

    private void bindParameter(TemplateParameter parameter) {
        String value = options.parameterOverrides().getOrDefault(parameter.name(), parameter.defaultValue());
        if (value == null) {
            throw new TemplateException("Parameters." + parameter.name() + ": no value (the template gives no Default;"
                    + " pass --parameter-overrides " + parameter.name() + "=...)");
        }
        if (!parameter.allowedValues().isEmpty() && !parameter.allowedValues().contains(value)) {
            throw new TemplateException("Parameters." + parameter.name() + ": " + value
                    + " is not one of AllowedValues " + parameter.allowedValues());
        }
        if (parameter.type().equals("Number")) {
            try {
                new java.math.BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new TemplateException("Parameters." + parameter.name() + ": " + value + " is not a Number");
            }
        }
        if (parameter.isList()) {
            List<Object> items = new ArrayList<>();
            for (String item : value.split(",", -1)) {
                items.add(item.trim());
            }
            parameterValues.put(parameter.name(), items);
        } else {
            parameterValues.put(parameter.name(), value);
        }
    }

    private String rewriteEndpoint(String value) {
        if (localEndpoints.isEmpty() || !value.contains(".execute-api.")) {
            return value;
        }
        Matcher matcher = API_ENDPOINT.matcher(value);
        if (!matcher.matches() || !matcher.group(3).equals(region())) {
            return value;
        }
        String local = localEndpoints.get(matcher.group(2));
        if (local == null) {
            return value;
        }
        if (matcher.group(1).equals("wss")) {
            local = local.replaceFirst("^http", "ws");
        }
        return local + (matcher.group(4) == null ? "" : matcher.group(4));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private DynamoDbEventSource dynamoDbEvent(
            String functionLogicalId, String eventName, Map<String, Object> raw, String where) {
        Map<String, Object> p = Template.mapping(resolveValue(raw, where), where);
        String startingPosition = text(required(p, "StartingPosition", where));
        if (!startingPosition.equals("TRIM_HORIZON") && !startingPosition.equals("LATEST")) {
            throw new TemplateException(
                    where + ".StartingPosition: " + startingPosition + " is not TRIM_HORIZON or LATEST");
        }
        int maxRecordAge = integer(
                p.getOrDefault("MaximumRecordAgeInSeconds", -1), where + ".MaximumRecordAgeInSeconds", -1, 604_800);
        if (maxRecordAge != -1 && maxRecordAge < 60) {
            throw new TemplateException(where + ".MaximumRecordAgeInSeconds: " + maxRecordAge
                    + " is outside -1 or 60..604800 (the Lambda EventSourceMapping limit)");
        }
        boolean reportItemFailures = false;
        if (p.get("FunctionResponseTypes") instanceof List<?> types) {
            reportItemFailures = types.stream().map(String::valueOf).anyMatch("ReportBatchItemFailures"::equals);
        }
        String onFailure = null;
        if (p.get("DestinationConfig") instanceof Map<?, ?> destination
                && destination.get("OnFailure") instanceof Map<?, ?> failure
                && failure.get("Destination") != null) {
            onFailure = text(failure.get("Destination"));
        }
        return new DynamoDbEventSource(
                functionLogicalId,
                eventName,
                text(required(p, "Stream", where)),
                startingPosition,
                integer(p.getOrDefault("BatchSize", 100), where + ".BatchSize", 1, 10_000),
                integer(
                        p.getOrDefault("MaximumBatchingWindowInSeconds", 0),
                        where + ".MaximumBatchingWindowInSeconds",
                        0,
                        300),
                integer(p.getOrDefault("MaximumRetryAttempts", -1), where + ".MaximumRetryAttempts", -1, 10_000),
                Boolean.parseBoolean(text(p.getOrDefault("BisectBatchOnFunctionError", false))),
                reportItemFailures,
                Boolean.parseBoolean(text(p.getOrDefault("Enabled", true))),
                maxRecordAge,
                onFailure,
                p.containsKey("FilterCriteria"));
    }

    private String apiLogicalId(Object apiIdValue, String where) {
        if (apiIdValue instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("Ref")) {
            String target = text(map.get("Ref"));
            if (!resources.containsKey(target)) {
                throw new TemplateException(where + ": " + unknown(target));
            }
            return target;
        }
        String id = text(resolve(apiIdValue, where));
        for (String logicalId : resources.keySet()) {
            if (apiId(logicalId).equals(id)) {
                return logicalId;
            }
        }
        throw new TemplateException(where + ": " + id + " is not an API of this template");
    }

    private String functionByName(String functionName) {
        for (TemplateResource resource : resources.values()) {
            if (resource.type().equals("AWS::Serverless::Function")
                    && functionName(resource).equals(functionName)) {
                return resource.logicalId();
            }
        }
        return null;
    }

    private Map<String, Object> events(TemplateResource function) {
        Object events = function.properties().get("Events");
        return events == null ? Map.of() : Template.mapping(events, "Resources." + function.logicalId() + ".Events");
    }

    private static String eventType(Object event) {
        return event instanceof Map<?, ?> map ? String.valueOf(map.get("Type")) : null;
    }

    private static Map<String, Object> eventProperties(Object event) {
        if (event instanceof Map<?, ?> map && map.get("Properties") instanceof Map<?, ?> properties) {
            return Template.mapping(properties, "Properties");
        }
        return Map.of();
    }

    private List<TableDefinition.Key> keySchema(Object value, String where) {
        List<TableDefinition.Key> keys = new ArrayList<>();
        for (Object k : list(value, where)) {
            Map<String, Object> m = Template.mapping(k, where);
            keys.add(new TableDefinition.Key(
                    text(required(m, "AttributeName", where)), text(required(m, "KeyType", where))));
        }
        if (keys.isEmpty()) {
            throw new TemplateException(where + ": needs a HASH key");
        }
        return keys;
    }

    private List<TableDefinition.Index> indexes(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        List<TableDefinition.Index> indexes = new ArrayList<>();
        for (Object i : list(value, where)) {
            Map<String, Object> m = Template.mapping(i, where);
            String name = text(required(m, "IndexName", where));
            String at = where + "." + name;
            Map<String, Object> projection = Template.mapping(required(m, "Projection", at), at + ".Projection");
            List<String> nonKey = new ArrayList<>();
            if (projection.get("NonKeyAttributes") instanceof List<?> attributes) {
                attributes.forEach(a -> nonKey.add(text(a)));
            }
            indexes.add(new TableDefinition.Index(
                    name,
                    keySchema(required(m, "KeySchema", at), at + ".KeySchema"),
                    text(projection.getOrDefault("ProjectionType", "KEYS_ONLY")),
                    nonKey));
        }
        return indexes;
    }

    private static Object required(Map<String, Object> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            throw new TemplateException(where + "." + key + ": required property missing");
        }
        return value;
    }

    private static List<?> list(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new TemplateException(where + ": must be a list, found " + value);
        }
        return list;
    }

    private static int integer(Object value, String where, int min, int max) {
        int n;
        try {
            n = value instanceof Number number
                    ? number.intValue()
                    : Integer.parseInt(text(value).trim());
        } catch (NumberFormatException e) {
            throw new TemplateException(where + ": " + value + " is not an integer");
        }
        if (n < min || n > max) {
            throw new TemplateException(where + ": " + n + " is outside " + min + ".." + max);
        }
        return n;
    }

    private static String text(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new TemplateException("expected a string, found " + value);
        }
        return value == NO_VALUE ? "" : String.valueOf(value);
    }

    /** A stable id of lowercase alphanumerics derived from a logical id (base 36 of its SHA-256). */
    static String stableId(String logicalId, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(logicalId.getBytes(StandardCharsets.UTF_8));
            String base36 = new BigInteger(1, digest).toString(36);
            return base36.substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
