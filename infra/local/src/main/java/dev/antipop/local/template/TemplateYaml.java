package dev.antipop.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML into plain maps, lists and scalars, turning the short-form intrinsic function tags into
 * their long (JSON) form so that one resolver handles both: {@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !GetAtt
 * A.B} becomes {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub s} becomes {@code {"Fn::Sub": s}}, and so on for
 * {@code !Join !If !Equals !Not !And !Or !Select !Split !FindInMap !Base64 !GetAZs !ImportValue !Cidr !Condition}
 * (the tag set of the CloudFormation "Intrinsic function reference").
 */
final class TemplateYaml {

    private static final Map<String, String> SHORT_TAGS = Map.ofEntries(
            Map.entry("!Ref", "Ref"),
            Map.entry("!Condition", "Condition"),
            Map.entry("!GetAtt", "Fn::GetAtt"),
            Map.entry("!Sub", "Fn::Sub"),
            Map.entry("!Join", "Fn::Join"),
            Map.entry("!If", "Fn::If"),
            Map.entry("!Equals", "Fn::Equals"),
            Map.entry("!Not", "Fn::Not"),
            Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"),
            Map.entry("!Select", "Fn::Select"),
            Map.entry("!Split", "Fn::Split"),
            Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!Base64", "Fn::Base64"),
            Map.entry("!GetAZs", "Fn::GetAZs"),
            Map.entry("!ImportValue", "Fn::ImportValue"),
            Map.entry("!Cidr", "Fn::Cidr"));

    private TemplateYaml() {}

    /**
     * Parses one template document.
     *
     * @param yaml the template text
     * @param sourceName the file name, for error messages
     * @return the top-level mapping (ordered as written)
     * @throws TemplateException when the text is not YAML, or its top level is not a mapping
     */
    static Map<String, Object> parse(String yaml, String sourceName) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // Templates are at most 1 MB in CloudFormation; the guard against alias bombs stays on.
        options.setCodePointLimit(8 * 1024 * 1024);
        Yaml parser = new Yaml(new IntrinsicConstructor(options));
        Object document;
        try {
            document = parser.load(yaml);
        } catch (MarkedYAMLException e) {
            throw new TemplateException(sourceName + ":" + (e.getProblemMark().getLine() + 1) + ":"
                    + (e.getProblemMark().getColumn() + 1) + ": malformed YAML: " + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new TemplateException(sourceName + ": malformed YAML: " + oneLine(e.getMessage()));
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new TemplateException(sourceName + ": a template is a YAML mapping (with Resources), found "
                    + (document == null
                            ? "an empty document"
                            : document.getClass().getSimpleName()));
        }
        Map<String, Object> top = new LinkedHashMap<>();
        map.forEach((k, v) -> top.put(String.valueOf(k), v));
        return top;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            SHORT_TAGS.forEach((tag, function) -> yamlConstructors.put(new Tag(tag), new IntrinsicConstruct(function)));
        }

        private final class IntrinsicConstruct extends AbstractConstruct {
            private final String function;

            IntrinsicConstruct(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    String value = constructScalar(scalar);
                    if (function.equals("Fn::GetAtt")) {
                        // "!GetAtt Table.StreamArn": the logical id ends at the first dot (attributes may hold dots).
                        int dot = value.indexOf('.');
                        if (dot < 1 || dot == value.length() - 1) {
                            throw new YAMLException("!GetAtt " + value + " is not of the form LogicalId.Attribute");
                        }
                        argument = new ArrayList<>(List.of(value.substring(0, dot), value.substring(dot + 1)));
                    } else {
                        argument = value;
                    }
                } else if (node instanceof SequenceNode sequence) {
                    argument = constructSequence(sequence);
                } else {
                    Map<Object, Object> mapping = constructMapping((MappingNode) node);
                    Map<String, Object> stringKeys = new LinkedHashMap<>();
                    mapping.forEach((k, v) -> stringKeys.put(String.valueOf(k), v));
                    argument = stringKeys;
                }
                Map<String, Object> longForm = new LinkedHashMap<>();
                longForm.put(function, argument);
                return longForm;
            }
        }
    }
}
