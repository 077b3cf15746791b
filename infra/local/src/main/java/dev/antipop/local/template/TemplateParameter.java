package dev.antipop.local.template;

import java.util.List;

/**
 * One entry of the template's {@code Parameters} section.
 *
 * @param name the parameter's logical name
 * @param type CloudFormation parameter type ({@code String}, {@code Number}, {@code CommaDelimitedList},
 *     {@code List<Number>}, an {@code AWS::SSM::Parameter::Value<...>} type, ...)
 * @param defaultValue {@code Default} as a string, or {@code null} when the template gives none
 * @param allowedValues {@code AllowedValues}, empty when unrestricted
 */
public record TemplateParameter(String name, String type, String defaultValue, List<String> allowedValues) {

    public TemplateParameter {
        allowedValues = List.copyOf(allowedValues);
    }

    /** Whether a {@code Ref} to this parameter yields a list (CloudFormation's list parameter types). */
    public boolean isList() {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }
}
