package dev.antipop.local.template;

import java.util.Map;

/** The {@code Events} of an {@code AWS::Serverless::Function}, as written in the template (unresolved). */
final class SamEvents {

    private SamEvents() {}

    static Map<String, Object> events(TemplateResource function) {
        Object events = function.properties().get("Events");
        return events == null ? Map.of() : Template.mapping(events, "Resources." + function.logicalId() + ".Events");
    }

    static String eventType(Object event) {
        return event instanceof Map<?, ?> map ? String.valueOf(map.get("Type")) : null;
    }

    static Map<String, Object> eventProperties(Object event) {
        if (event instanceof Map<?, ?> map && map.get("Properties") instanceof Map<?, ?> properties) {
            return Template.mapping(properties, "Properties");
        }
        return Map.of();
    }
}
