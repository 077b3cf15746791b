package dev.antipop.local.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a template's {@code Parameters} to values: the override ({@code sam deploy --parameter-overrides K=V}), else
 * the {@code Default}; checked against {@code AllowedValues} and {@code Type: Number}; list types split on commas.
 */
final class ParameterValues {

    private ParameterValues() {}

    /**
     * The value of every declared parameter: a string, or a list of strings for list types.
     *
     * @throws TemplateException when an override names no declared parameter, a parameter has no value, a value is not
     *     among {@code AllowedValues} or not a number where one is required
     */
    static Map<String, Object> bind(Template template, Map<String, String> overrides) {
        for (String name : overrides.keySet()) {
            if (!template.parameters().containsKey(name)) {
                throw new TemplateException(
                        "Parameter override " + name + ": the template declares no such parameter" + " (declared: "
                                + String.join(", ", template.parameters().keySet()) + ")");
            }
        }
        Map<String, Object> values = new HashMap<>();
        template.parameters().values().forEach(parameter -> bind(parameter, overrides, values));
        return values;
    }

    private static void bind(TemplateParameter parameter, Map<String, String> overrides, Map<String, Object> values) {
        String value = overrides.getOrDefault(parameter.name(), parameter.defaultValue());
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
            values.put(parameter.name(), items);
        } else {
            values.put(parameter.name(), value);
        }
    }
}
