package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A resolved document path (developer guide, "Specifying item attributes when using expressions"): a top-level
 * attribute name followed by map keys and list indexes. Each element is a {@link String} (a name) or an
 * {@link Integer} (a list index); the first is always a name.
 */
public final class DocumentPath {

    private final Object[] elements;

    DocumentPath(Object[] elements) {
        this.elements = elements;
    }

    /** A path of names and indexes; the first element must be a name. */
    public static DocumentPath of(Object... elements) {
        if (elements.length == 0 || !(elements[0] instanceof String)) {
            throw new IllegalArgumentException("a document path starts with an attribute name");
        }
        for (Object element : elements) {
            if (!(element instanceof String) && !(element instanceof Integer)) {
                throw new IllegalArgumentException("path elements are names or list indexes: " + element);
            }
        }
        return new DocumentPath(elements.clone());
    }

    /** The top-level attribute name. */
    public String topLevel() {
        return (String) elements[0];
    }

    /** The number of elements. */
    public int length() {
        return elements.length;
    }

    /** Element {@code i}: a {@link String} name or an {@link Integer} index. */
    public Object element(int i) {
        return elements[i];
    }

    /** The elements, as a list. */
    public List<Object> elements() {
        return List.of(elements);
    }

    /** The value at this path in {@code item}, or {@code null} when some element is missing or of another type. */
    public AttributeValue get(Map<String, AttributeValue> item) {
        AttributeValue value = item.get((String) elements[0]);
        for (int i = 1; i < elements.length && value != null; i++) {
            value = step(value, elements[i]);
        }
        return value;
    }

    static AttributeValue step(AttributeValue value, Object element) {
        if (element instanceof String name) {
            return value instanceof AttributeValue.M m ? m.value().get(name) : null;
        }
        int index = (Integer) element;
        if (value instanceof AttributeValue.L l) {
            List<AttributeValue> list = l.value();
            return index < list.size() ? list.get(index) : null;
        }
        return null;
    }

    /** DynamoDB's rendering in error messages: {@code [a, b, [3]]}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (elements[i] instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(elements[i]);
            }
        }
        return out.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocumentPath p && Arrays.equals(elements, p.elements);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(elements);
    }
}
