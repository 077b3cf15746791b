package dev.antipop.local.template;

import static dev.antipop.local.template.Values.NO_VALUE;
import static dev.antipop.local.template.Values.integer;
import static dev.antipop.local.template.Values.isIntrinsic;
import static dev.antipop.local.template.Values.list;
import static dev.antipop.local.template.Values.text;
import static dev.antipop.local.template.Values.truth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The intrinsic function evaluator: {@code Ref}, {@code Condition}, {@code Fn::GetAtt}, {@code Fn::Sub},
 * {@code Fn::Join}, {@code Fn::If}, {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or},
 * {@code Fn::Select}, {@code Fn::Split}, {@code Fn::FindInMap}, {@code Fn::Base64} and {@code Fn::GetAZs}, as
 * CloudFormation's intrinsic function reference defines them. Pure: a result depends only on the value and the
 * {@link Scope}; nothing is cached or recorded. What a {@code Ref} or {@code Fn::GetAtt} names is {@link References}'
 * job.
 */
final class Intrinsics {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Scope scope;
    private final List<String> conditionsInProgress;
    private final References references;

    /** An evaluator over one scope. */
    Intrinsics(Scope scope) {
        this(scope, List.of());
    }

    private Intrinsics(Scope scope, List<String> conditionsInProgress) {
        this.scope = scope;
        this.conditionsInProgress = conditionsInProgress;
        this.references = new References(this, scope);
    }

    /** The template being evaluated. */
    Template template() {
        return scope.template();
    }

    /** The names and attributes of this scope's resources. */
    References references() {
        return references;
    }

    /**
     * Resolves every intrinsic function, pseudo parameter and condition in a value; {@code AWS::NoValue} removes the
     * map entry or list element that holds it, and strings naming one of the template's API endpoints are rewritten to
     * the local endpoint.
     *
     * @return the resolved value; {@code null} for {@code null} or {@code AWS::NoValue} at the top
     * @throws TemplateException naming {@code where} when a reference names nothing or a function is malformed
     */
    Object resolve(Object value, String where) {
        Object resolved = resolveValue(value, where);
        return resolved == NO_VALUE ? null : resolved;
    }

    /** A resource's properties, with {@code Globals.Function} merged into functions, resolved. */
    Map<String, Object> resolvedProperties(TemplateResource resource) {
        Map<String, Object> properties = resource.properties();
        Object globals = scope.template().globals().get("Function");
        if (resource.type().equals("AWS::Serverless::Function") && globals != null) {
            properties = SamGlobals.merge(Template.mapping(globals, "Globals.Function"), properties);
        }
        Object resolved = resolveValue(properties, "Resources." + resource.logicalId() + ".Properties");
        return Template.mapping(resolved, "Resources." + resource.logicalId() + ".Properties");
    }

    /**
     * The value of a declared condition, evaluated without resources in scope.
     *
     * @throws TemplateException when it is not declared, refers to itself, or is not a true/false value
     */
    boolean condition(String name, String where) {
        Object declaration = scope.template().conditions().get(name);
        if (declaration == null) {
            throw new TemplateException(where + ": condition " + name + " is not declared under Conditions");
        }
        if (conditionsInProgress.contains(name)) {
            throw new TemplateException("Conditions." + name + ": refers to itself");
        }
        List<String> path = new ArrayList<>(conditionsInProgress);
        path.add(name);
        Intrinsics inner = new Intrinsics(scope.forConditions(), List.copyOf(path));
        return truth(inner.resolveValue(declaration, "Conditions." + name), "Conditions." + name);
    }

    Object resolveValue(Object value, String where) {
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
            return references.rewriteEndpoint(s);
        }
        return value;
    }

    private Object intrinsic(String function, Object argument, String where) {
        String at = where + " (" + function + ")";
        switch (function) {
            case "Ref":
                return references.ref(text(resolveValue(argument, at)), at);
            case "Condition":
                return condition(text(argument), at);
            case "Fn::GetAtt": {
                List<?> parts = argument instanceof String s ? List.of(s.split("\\.", 2)) : list(argument, at);
                if (parts.size() != 2) {
                    throw new TemplateException(at + ": expected [LogicalId, Attribute], found " + argument);
                }
                return references.getAtt(
                        text(resolveValue(parts.get(0), at)), text(resolveValue(parts.get(1), at)), at);
            }
            case "Fn::Sub":
                return references.rewriteEndpoint(sub(argument, at));
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
                return references.rewriteEndpoint(String.join(delimiter, parts));
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
                if (!(scope.template().mappings().get(map) instanceof Map<?, ?> mapping)
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
                String r = region.isEmpty() ? scope.region() : region;
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
                    out.append(text(references.getAtt(name.substring(0, dot), name.substring(dot + 1), where)));
                } else {
                    out.append(text(references.ref(name, where)));
                }
            }
            last = matcher.end();
        }
        out.append(pattern.substring(last));
        return out.toString();
    }
}
