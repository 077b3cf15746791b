package dev.antipop.local.template;

import static dev.antipop.local.template.Values.required;
import static dev.antipop.local.template.Values.stableId;
import static dev.antipop.local.template.Values.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the WebSocket APIs ({@code AWS::ApiGatewayV2::Api} with {@code ProtocolType: WEBSOCKET}) with their routes,
 * integrations, route responses and stage; a route's function comes from the Lambda ARN in its integration's
 * {@code IntegrationUri}.
 */
final class WebSocketApiReader {

    private static final Pattern LAMBDA_ARN = Pattern.compile("arn:aws:lambda:[^:]*:[0-9]*:function:([A-Za-z0-9_-]+)");

    private final Intrinsics intrinsics;
    private final References references;
    private final Map<String, TemplateResource> resources;

    WebSocketApiReader(Intrinsics intrinsics, Map<String, TemplateResource> resources) {
        this.intrinsics = intrinsics;
        this.references = intrinsics.references();
        this.resources = resources;
    }

    List<WebSocketApiDefinition> read() {
        Map<String, String> integrationFunctions = new HashMap<>();
        Set<String> routesWithResponse = new HashSet<>();
        Map<String, String> stageNames = new HashMap<>();
        for (TemplateResource resource : resources.values()) {
            String where = "Resources." + resource.logicalId() + ".Properties";
            switch (resource.type()) {
                case "AWS::ApiGatewayV2::Integration" -> {
                    String uri =
                            text(intrinsics.resolve(required(resource.properties(), "IntegrationUri", where), where));
                    Matcher matcher = LAMBDA_ARN.matcher(uri);
                    if (!matcher.find()) {
                        throw new TemplateException(where + ".IntegrationUri: " + uri
                                + " names no Lambda function (expected ...functions/<function ARN>/invocations)");
                    }
                    String functionLogicalId = references.functionByName(matcher.group(1));
                    if (functionLogicalId == null) {
                        throw new TemplateException(where + ".IntegrationUri: function " + matcher.group(1)
                                + " is not an AWS::Serverless::Function of this template");
                    }
                    integrationFunctions.put(stableId(resource.logicalId(), 7), functionLogicalId);
                }
                case "AWS::ApiGatewayV2::RouteResponse" -> {
                    Object routeId =
                            intrinsics.resolve(required(resource.properties(), "RouteId", where), where + ".RouteId");
                    routesWithResponse.add(text(routeId));
                }
                case "AWS::ApiGatewayV2::Stage" -> {
                    String api =
                            references.apiLogicalId(required(resource.properties(), "ApiId", where), where + ".ApiId");
                    stageNames.put(
                            api,
                            text(intrinsics.resolve(
                                    required(resource.properties(), "StageName", where), where + ".StageName")));
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
                        .equals(references.apiLogicalId(
                                required(route.properties(), "ApiId", where), where + ".ApiId"))) {
                    continue;
                }
                String routeKey =
                        text(intrinsics.resolve(required(route.properties(), "RouteKey", where), where + ".RouteKey"));
                Object target = intrinsics.resolve(route.properties().get("Target"), where + ".Target");
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
            Object selection = intrinsics.resolve(api.properties().get("RouteSelectionExpression"), where);
            apis.add(new WebSocketApiDefinition(
                    api.logicalId(),
                    References.apiId(api.logicalId()),
                    selection == null ? "$request.body.action" : text(selection),
                    stageNames.getOrDefault(api.logicalId(), "production"),
                    routes));
        }
        return apis;
    }
}
