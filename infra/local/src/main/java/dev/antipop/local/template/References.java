package dev.antipop.local.template;

import static dev.antipop.local.template.Stack.ACCOUNT_ID;
import static dev.antipop.local.template.Values.NO_VALUE;
import static dev.antipop.local.template.Values.required;
import static dev.antipop.local.template.Values.stableId;
import static dev.antipop.local.template.Values.text;

import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Ref}, an {@code Fn::GetAtt} or a {@code ${...}} of {@code Fn::Sub} names in a {@link Scope}: pseudo
 * parameters, parameters, and the local names, ids and ARNs of the resources in scope (see {@link Stack} for the local
 * values), plus the rewriting of the template's API endpoints to the local ones the {@link DeploymentFacts} record.
 */
final class References {

    private static final Pattern API_ENDPOINT =
            Pattern.compile("^(https|wss)://([a-z0-9]{10})\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(/.*)?$");

    private final Intrinsics evaluator;
    private final Scope scope;

    References(Intrinsics evaluator, Scope scope) {
        this.evaluator = evaluator;
        this.scope = scope;
    }

    Object ref(String name, String where) {
        switch (name) {
            case "AWS::Region":
                return scope.region();
            case "AWS::AccountId":
                return ACCOUNT_ID;
            case "AWS::StackName":
                return scope.stackName();
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + scope.region() + ":" + ACCOUNT_ID + ":stack/" + scope.stackName()
                        + "/" + stableId(scope.stackName(), 10);
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
        if (scope.parameterValues().containsKey(name)) {
            return scope.parameterValues().get(name);
        }
        TemplateResource resource = scope.resources().get(name);
        if (resource == null) {
            String alias = aliasArn(name);
            if (alias != null) {
                return alias;
            }
            throw new TemplateException(where + ": " + unknown(name));
        }
        return switch (resource.type()) {
            case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" -> tableName(resource);
            case "AWS::Serverless::Function" -> functionName(resource);
            case "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api" -> apiId(name);
            case "AWS::ApiGatewayV2::Stage" ->
                text(evaluator.resolve(
                        required(resource.properties(), "StageName", "Resources." + name + ".Properties"),
                        "Resources." + name + ".Properties.StageName"));
            default -> stableId(name, 7);
        };
    }

    Object getAtt(String logicalId, String attribute, String where) {
        TemplateResource resource = scope.resources().get(logicalId);
        if (resource == null) {
            throw new TemplateException(where + ": " + unknown(logicalId));
        }
        String unsupported = where + ": " + resource.type() + " " + logicalId + " has no attribute " + attribute;
        switch (resource.type()) {
            case "AWS::DynamoDB::Table":
            case "AWS::Serverless::SimpleTable": {
                String arn = "arn:aws:dynamodb:" + scope.region() + ":" + ACCOUNT_ID + ":table/" + tableName(resource);
                if (attribute.equals("Arn")) {
                    return arn;
                }
                if (attribute.equals("StreamArn")) {
                    String streamArn = scope.facts().streamArns().get(logicalId);
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
                    return "arn:aws:lambda:" + scope.region() + ":" + ACCOUNT_ID + ":function:"
                            + functionName(resource);
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
                            + scope.region() + ".amazonaws.com");
                }
                throw new TemplateException(unsupported);
            }
            default:
                // A resource the local cloud does not emulate: a recognisable placeholder keeps the rest running.
                return "arn:aws:local:" + scope.region() + ":" + ACCOUNT_ID + ":" + logicalId + "/" + attribute;
        }
    }

    String unknown(String name) {
        TemplateResource excluded = scope.template().resources().get(name);
        if (excluded != null && scope.forConditionsOnly()) {
            // CloudFormation: "You can't reference the logical ID of a resource in a condition."
            return name + " is a resource, which a condition cannot refer to";
        }
        if (excluded != null) {
            return name + " is excluded by its Condition " + excluded.condition();
        }
        return name + " is neither a parameter, a pseudo parameter nor a resource of this template";
    }

    String rewriteEndpoint(String value) {
        Map<String, String> endpoints = scope.facts().apiEndpoints();
        if (endpoints.isEmpty() || !value.contains(".execute-api.")) {
            return value;
        }
        Matcher matcher = API_ENDPOINT.matcher(value);
        if (!matcher.matches() || !matcher.group(3).equals(scope.region())) {
            return value;
        }
        String local = null;
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            if (apiId(endpoint.getKey()).equals(matcher.group(2))) {
                local = endpoint.getValue();
            }
        }
        if (local == null) {
            return value;
        }
        if (matcher.group(1).equals("wss")) {
            local = local.replaceFirst("^http", "ws");
        }
        return local + (matcher.group(4) == null ? "" : matcher.group(4));
    }

    String apiLogicalId(Object apiIdValue, String where) {
        if (apiIdValue instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("Ref")) {
            String target = text(map.get("Ref"));
            if (!scope.resources().containsKey(target)) {
                throw new TemplateException(where + ": " + unknown(target));
            }
            return target;
        }
        String id = text(evaluator.resolve(apiIdValue, where));
        for (String logicalId : scope.resources().keySet()) {
            if (apiId(logicalId).equals(id)) {
                return logicalId;
            }
        }
        throw new TemplateException(where + ": " + id + " is not an API of this template");
    }

    /**
     * The ARN of the alias SAM generates for a function with {@code AutoPublishAlias} (its own or from Globals):
     * logical id {@code <Function>Alias<alias>} (SAM specification, "AutoPublishAlias": the generated
     * {@code AWS::Lambda::Alias}, whose {@code Ref} is the alias ARN); null when {@code name} is not one.
     */
    private String aliasArn(String name) {
        int at = name.lastIndexOf("Alias");
        while (at > 0) {
            TemplateResource function = scope.resources().get(name.substring(0, at));
            if (function != null && function.type().equals("AWS::Serverless::Function")) {
                Object alias = function.properties().get("AutoPublishAlias");
                if (alias == null && scope.template().globals().get("Function") instanceof Map<?, ?> globals) {
                    alias = globals.get("AutoPublishAlias");
                }
                String aliasName = name.substring(at + "Alias".length());
                if (alias != null && aliasName.equals(String.valueOf(evaluator.resolve(alias, name)))) {
                    return "arn:aws:lambda:" + scope.region() + ":" + ACCOUNT_ID + ":function:" + functionName(function)
                            + ":" + aliasName;
                }
            }
            at = name.lastIndexOf("Alias", at - 1);
        }
        return null;
    }

    String functionByName(String functionName) {
        for (TemplateResource resource : scope.resources().values()) {
            if (resource.type().equals("AWS::Serverless::Function")
                    && functionName(resource).equals(functionName)) {
                return resource.logicalId();
            }
        }
        return null;
    }

    /** The local API id of an API's logical id: 10 lowercase alphanumerics, stable per logical id. */
    static String apiId(String apiLogicalId) {
        return stableId(apiLogicalId, 10);
    }

    /** The name of a table resource: {@code TableName}, else {@code <stack>-<LogicalId>}. */
    String tableName(TemplateResource table) {
        Object name = evaluator.resolve(
                table.properties().get("TableName"), "Resources." + table.logicalId() + ".Properties.TableName");
        return name == null || name == NO_VALUE ? scope.stackName() + "-" + table.logicalId() : text(name);
    }

    /** The name of a function resource: {@code FunctionName}, else its logical id. */
    String functionName(TemplateResource function) {
        Object name = evaluator.resolve(
                function.properties().get("FunctionName"),
                "Resources." + function.logicalId() + ".Properties.FunctionName");
        return name == null || name == NO_VALUE ? function.logicalId() : text(name);
    }
}
