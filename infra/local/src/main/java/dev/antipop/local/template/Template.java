package dev.antipop.local.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SAM/CloudFormation template as written: its {@code Parameters}, {@code Mappings}, {@code Conditions},
 * {@code Globals} and {@code Resources}, with every short-form tag ({@code !Ref}, {@code !Sub}, ...) in its long form.
 * Nothing is resolved here; {@link Stack} resolves values for one set of parameter values and one region.
 *
 * <p>The layout follows the CloudFormation "Template anatomy" and the SAM specification's {@code Globals} section.
 */
public final class Template {

    private final String sourceName;
    private final Map<String, TemplateParameter> parameters;
    private final Map<String, Object> mappings;
    private final Map<String, Object> conditions;
    private final Map<String, Object> globals;
    private final Map<String, TemplateResource> resources;

    private Template(
            String sourceName,
            Map<String, TemplateParameter> parameters,
            Map<String, Object> mappings,
            Map<String, Object> conditions,
            Map<String, Object> globals,
            Map<String, TemplateResource> resources) {
        this.sourceName = sourceName;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.mappings = Collections.unmodifiableMap(mappings);
        this.conditions = Collections.unmodifiableMap(conditions);
        this.globals = Collections.unmodifiableMap(globals);
        this.resources = Collections.unmodifiableMap(resources);
    }

    /**
     * Reads a template file.
     *
     * @throws TemplateException when the file is missing or unreadable, is not YAML, or lacks a {@code Resources}
     *     mapping or a resource {@code Type}
     */
    public static Template read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TemplateException(file + ": no such template file");
        } catch (IOException e) {
            throw new TemplateException(file + ": cannot read the template: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses template text.
     *
     * @param yaml the template
     * @param sourceName a name for error messages (the file name)
     * @throws TemplateException as {@link #read(Path)}
     */
    public static Template parse(String yaml, String sourceName) {
        Map<String, Object> top = TemplateYaml.parse(yaml, sourceName);
        Map<String, TemplateParameter> parameters = new LinkedHashMap<>();
        section(top, "Parameters", sourceName).forEach((name, value) -> {
            Map<String, Object> declaration = mapping(value, "Parameters." + name);
            Object type = declaration.get("Type");
            if (type == null) {
                throw new TemplateException("Parameters." + name + ".Type: required property missing");
            }
            Object defaultValue = declaration.get("Default");
            List<String> allowed = new ArrayList<>();
            if (declaration.get("AllowedValues") instanceof List<?> list) {
                list.forEach(v -> allowed.add(String.valueOf(v)));
            }
            parameters.put(
                    name,
                    new TemplateParameter(
                            name,
                            String.valueOf(type),
                            defaultValue == null ? null : scalarText(defaultValue, "Parameters." + name + ".Default"),
                            allowed));
        });
        Map<String, TemplateResource> resources = new LinkedHashMap<>();
        Map<String, Object> resourceSection = section(top, "Resources", sourceName);
        if (resourceSection.isEmpty()) {
            throw new TemplateException(sourceName + ": Resources: a template declares at least one resource");
        }
        resourceSection.forEach((logicalId, value) -> {
            Map<String, Object> declaration = mapping(value, "Resources." + logicalId);
            Object type = declaration.get("Type");
            if (!(type instanceof String typeName)) {
                throw new TemplateException("Resources." + logicalId + ".Type: required property missing");
            }
            Object properties = declaration.get("Properties");
            Object condition = declaration.get("Condition");
            resources.put(
                    logicalId,
                    new TemplateResource(
                            logicalId,
                            typeName,
                            properties == null
                                    ? Map.of()
                                    : mapping(properties, "Resources." + logicalId + ".Properties"),
                            condition == null ? null : String.valueOf(condition)));
        });
        return new Template(
                sourceName,
                parameters,
                section(top, "Mappings", sourceName),
                section(top, "Conditions", sourceName),
                section(top, "Globals", sourceName),
                resources);
    }

    /** The file name the template came from (for messages). */
    public String sourceName() {
        return sourceName;
    }

    /** {@code Parameters}, by name, in template order. */
    public Map<String, TemplateParameter> parameters() {
        return parameters;
    }

    /** {@code Mappings} as written. */
    public Map<String, Object> mappings() {
        return mappings;
    }

    /** {@code Conditions} as written (condition name → long-form condition function). */
    public Map<String, Object> conditions() {
        return conditions;
    }

    /** SAM {@code Globals} as written ({@code Function}, {@code HttpApi}, {@code SimpleTable}, ...). */
    public Map<String, Object> globals() {
        return globals;
    }

    /** {@code Resources}, by logical id, in template order. */
    public Map<String, TemplateResource> resources() {
        return resources;
    }

    private static Map<String, Object> section(Map<String, Object> top, String name, String sourceName) {
        Object value = top.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new TemplateException(sourceName + ": " + name + ": must be a mapping");
        }
        return mapping(value, name);
    }

    static Map<String, Object> mapping(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TemplateException(where + ": must be a mapping, found "
                    + (value == null ? "nothing" : value.getClass().getSimpleName()));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static String scalarText(Object value, String where) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new TemplateException(where + ": must be a scalar");
        }
        return String.valueOf(value);
    }
}
