package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A bound projection ({@code ProjectionExpression} or legacy {@code AttributesToGet}), shaped as DynamoDB returns it
 * (developer guide, "Projection expressions"): nested maps keep only the chosen keys, lists keep only the chosen
 * elements (in index order, without gaps), and a path that does not exist in the item is simply absent.
 */
final class ProjectionProgram implements Projection {

    /** A trie of the projected paths; {@code whole} marks the end of a path (take the entire value). */
    private static final class Node {
        boolean whole;
        Map<String, Node> names;
        TreeMap<Integer, Node> indexes;

        Node child(Object element) {
            if (element instanceof String name) {
                if (names == null) {
                    names = new LinkedHashMap<>();
                }
                return names.computeIfAbsent(name, k -> new Node());
            }
            if (indexes == null) {
                indexes = new TreeMap<>();
            }
            return indexes.computeIfAbsent((Integer) element, k -> new Node());
        }
    }

    private final Node root = new Node();
    private final List<DocumentPath> paths;

    ProjectionProgram(List<DocumentPath> paths) {
        this.paths = List.copyOf(paths);
        for (DocumentPath path : paths) {
            Node node = root;
            for (int i = 0; i < path.length(); i++) {
                node = node.child(path.element(i));
            }
            node.whole = true;
        }
    }

    /** The projected paths. */
    List<DocumentPath> paths() {
        return paths;
    }

    /** The top-level attributes the projection reads. */
    Set<String> topLevelAttributes() {
        return root.names == null ? Set.of() : Set.copyOf(root.names.keySet());
    }

    @Override
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        if (root.names == null) {
            return out;
        }
        for (Map.Entry<String, Node> entry : root.names.entrySet()) {
            AttributeValue value = item.get(entry.getKey());
            if (value != null) {
                AttributeValue projected = project(value, entry.getValue());
                if (projected != null) {
                    out.put(entry.getKey(), projected);
                }
            }
        }
        return out;
    }

    private static AttributeValue project(AttributeValue value, Node node) {
        if (node.whole) {
            return value;
        }
        if (node.names != null && value instanceof AttributeValue.M m) {
            Map<String, AttributeValue> out = new LinkedHashMap<>();
            for (Map.Entry<String, Node> entry : node.names.entrySet()) {
                AttributeValue child = m.value().get(entry.getKey());
                if (child != null) {
                    AttributeValue projected = project(child, entry.getValue());
                    if (projected != null) {
                        out.put(entry.getKey(), projected);
                    }
                }
            }
            return out.isEmpty() ? null : new AttributeValue.M(out);
        }
        if (node.indexes != null && value instanceof AttributeValue.L l) {
            List<AttributeValue> out = new ArrayList<>();
            for (Map.Entry<Integer, Node> entry : node.indexes.entrySet()) {
                if (entry.getKey() < l.value().size()) {
                    AttributeValue projected = project(l.value().get(entry.getKey()), entry.getValue());
                    if (projected != null) {
                        out.add(projected);
                    }
                }
            }
            return out.isEmpty() ? null : new AttributeValue.L(out);
        }
        return null;
    }
}
