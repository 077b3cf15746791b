package dev.antipop.local.template;

import static dev.antipop.local.template.Values.NO_VALUE;
import static dev.antipop.local.template.Values.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the HTTP APIs: each {@code AWS::Serverless::HttpApi} (its {@code StageName}, {@code $default} when absent) and
 * SAM's implicit {@code ServerlessHttpApi}, with the routes functions declare on them ({@code Events} of
 * {@code Type: HttpApi}).
 */
final class HttpApiReader {

    private final Intrinsics intrinsics;
    private final References references;
    private final Map<String, TemplateResource> resources;

    HttpApiReader(Intrinsics intrinsics, Map<String, TemplateResource> resources) {
        this.intrinsics = intrinsics;
        this.references = intrinsics.references();
        this.resources = resources;
    }

    List<HttpApiDefinition> read(boolean implicitHttpApi) {
        Map<String, List<HttpApiDefinition.Route>> routes = new LinkedHashMap<>();
        Map<String, String> stages = new LinkedHashMap<>();
        Map<String, HttpApiDefinition.Cors> cors = new LinkedHashMap<>();
        Object globalCors = globalHttpApi().get("CorsConfiguration");
        for (TemplateResource resource : resources.values()) {
            if (resource.type().equals("AWS::Serverless::HttpApi")) {
                String where = "Resources." + resource.logicalId() + ".Properties.CorsConfiguration";
                Object own = resource.properties().get("CorsConfiguration");
                cors.put(
                        resource.logicalId(),
                        own != null
                                ? CorsReader.read(intrinsics.resolve(own, where), where)
                                : CorsReader.read(
                                        intrinsics.resolve(globalCors, "Globals.HttpApi.CorsConfiguration"),
                                        "Globals.HttpApi.CorsConfiguration"));
                Object stage = intrinsics.resolve(
                        resource.properties().get("StageName"),
                        "Resources." + resource.logicalId() + ".Properties.StageName");
                stages.put(resource.logicalId(), stage == null || stage == NO_VALUE ? "$default" : text(stage));
                routes.put(resource.logicalId(), new ArrayList<>());
            }
        }
        if (implicitHttpApi) {
            stages.put(Stack.IMPLICIT_HTTP_API, "$default");
            cors.put(
                    Stack.IMPLICIT_HTTP_API,
                    CorsReader.read(
                            intrinsics.resolve(globalCors, "Globals.HttpApi.CorsConfiguration"),
                            "Globals.HttpApi.CorsConfiguration"));
            routes.put(Stack.IMPLICIT_HTTP_API, new ArrayList<>());
        }
        for (TemplateResource resource : resources.values()) {
            if (!resource.type().equals("AWS::Serverless::Function")) {
                continue;
            }
            for (Map.Entry<String, Object> event : SamEvents.events(resource).entrySet()) {
                if (!"HttpApi".equals(SamEvents.eventType(event.getValue()))) {
                    continue;
                }
                String where =
                        "Resources." + resource.logicalId() + ".Properties.Events." + event.getKey() + ".Properties";
                Map<String, Object> properties = SamEvents.eventProperties(event.getValue());
                String api = Stack.IMPLICIT_HTTP_API;
                if (properties.containsKey("ApiId")) {
                    api = references.apiLogicalId(properties.get("ApiId"), where + ".ApiId");
                    if (!routes.containsKey(api)) {
                        throw new TemplateException(
                                where + ".ApiId: " + api + " is not an AWS::Serverless::HttpApi of this template");
                    }
                }
                Object path = intrinsics.resolve(properties.get("Path"), where + ".Path");
                Object method = intrinsics.resolve(properties.get("Method"), where + ".Method");
                if (path == null || "$default".equals(path)) {
                    routes.get(api).add(new HttpApiDefinition.Route(null, "$default", resource.logicalId()));
                } else {
                    String verb = method == null ? "ANY" : text(method).toUpperCase(Locale.ROOT);
                    routes.get(api).add(new HttpApiDefinition.Route(verb, text(path), resource.logicalId()));
                }
            }
        }
        List<HttpApiDefinition> apis = new ArrayList<>();
        routes.forEach((logicalId, apiRoutes) -> apis.add(new HttpApiDefinition(
                logicalId, References.apiId(logicalId), stages.get(logicalId), apiRoutes, cors.get(logicalId))));
        return apis;
    }

    private Map<String, Object> globalHttpApi() {
        Object globals = intrinsics.template().globals().get("HttpApi");
        return globals == null ? Map.of() : Template.mapping(globals, "Globals.HttpApi");
    }
}
