package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A bound update (an {@code UpdateExpression} or legacy {@code AttributeUpdates}), with DynamoDB's semantics (developer
 * guide, "Update expressions"):
 *
 * <ul>
 *   <li>every SET operand is evaluated against the item as it was before the update;
 *   <li>SET of a list index past the end appends; REMOVE of list elements shifts the rest down (indexes refer to the
 *       list before the update, so {@code REMOVE a[0], a[1]} removes the first two);
 *   <li>ADD to a missing attribute creates it (number or set); ADD adds numbers or unites sets of one type;
 *   <li>DELETE removes set members, and the attribute when the set becomes empty;
 *   <li>a nested path whose parent does not exist is "The document path provided in the update expression is invalid
 *       for update".
 * </ul>
 */
final class UpdateProgram implements Update {

    /** One resolved action. */
    sealed interface Step {
        DocumentPath path();
    }

    record SetStep(DocumentPath path, Operand value) implements Step {}

    record RemoveStep(DocumentPath path) implements Step {}

    record AddStep(DocumentPath path, AttributeValue value) implements Step {}

    record DeleteStep(DocumentPath path, AttributeValue value) implements Step {}

    private final List<SetStep> sets;
    private final List<RemoveStep> removes;
    private final List<Step> addsAndDeletes;
    private final Set<String> topLevel;

    UpdateProgram(List<Step> steps) {
        List<SetStep> s = new ArrayList<>();
        List<RemoveStep> r = new ArrayList<>();
        List<Step> ad = new ArrayList<>();
        Set<String> top = new LinkedHashSet<>();
        for (Step step : steps) {
            top.add(step.path().topLevel());
            switch (step) {
                case SetStep set -> s.add(set);
                case RemoveStep remove -> r.add(remove);
                case AddStep add -> ad.add(add);
                case DeleteStep delete -> ad.add(delete);
            }
        }
        // Remove list elements from the highest index down, so each index still means the element it named.
        r.sort(Comparator.comparingInt(UpdateProgram::lastIndex).reversed());
        this.sets = List.copyOf(listElementsInIndexOrder(s));
        this.removes = List.copyOf(r);
        this.addsAndDeletes = List.copyOf(ad);
        this.topLevel = Set.copyOf(top);
    }

    /**
     * SETs of several elements of one list apply in index order (developer guide, "Adding elements to a list": "If you
     * add multiple elements in a single SET operation, the elements are sorted in order by element number"), so that
     * appends past the end land in that order whatever the order written.
     */
    private static List<SetStep> listElementsInIndexOrder(List<SetStep> steps) {
        Map<DocumentPath, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            DocumentPath path = steps.get(i).path();
            if (path.element(path.length() - 1) instanceof Integer) {
                positions.computeIfAbsent(parent(path), k -> new ArrayList<>()).add(i);
            }
        }
        List<SetStep> out = new ArrayList<>(steps);
        for (List<Integer> group : positions.values()) {
            List<SetStep> sorted = new ArrayList<>();
            for (int position : group) {
                sorted.add(steps.get(position));
            }
            sorted.sort(Comparator.comparingInt(
                    step -> (Integer) step.path().element(step.path().length() - 1)));
            for (int k = 0; k < group.size(); k++) {
                out.set(group.get(k), sorted.get(k));
            }
        }
        return out;
    }

    private static DocumentPath parent(DocumentPath path) {
        Object[] elements = new Object[path.length() - 1];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = path.element(i);
        }
        return new DocumentPath(elements);
    }

    private static int lastIndex(RemoveStep step) {
        return step.path().element(step.path().length() - 1) instanceof Integer i ? i : -1;
    }

    @Override
    public Set<String> topLevelAttributes() {
        return topLevel;
    }

    @Override
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        AttributeValue[] newValues = new AttributeValue[sets.size()];
        for (int i = 0; i < newValues.length; i++) {
            newValues[i] = Operand.required(sets.get(i).value(), item);
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>(item);
        for (int i = 0; i < newValues.length; i++) {
            put(out, sets.get(i).path(), newValues[i]);
        }
        for (RemoveStep remove : removes) {
            remove(out, remove.path());
        }
        for (Step step : addsAndDeletes) {
            switch (step) {
                case AddStep add -> add(out, add.path(), add.value());
                case DeleteStep delete -> delete(out, delete.path(), delete.value());
                case SetStep ignored -> throw new IllegalStateException("SETs are applied first");
                case RemoveStep ignored -> throw new IllegalStateException("REMOVEs are applied second");
            }
        }
        return out;
    }

    private static void add(Map<String, AttributeValue> item, DocumentPath path, AttributeValue operand) {
        AttributeValue current = path.get(item);
        AttributeValue result;
        if (current == null) {
            result = operand;
        } else {
            result = switch (current) {
                case AttributeValue.N n
                when operand instanceof AttributeValue.N m ->
                    new AttributeValue.N(Numbers.normalize(n.value().add(m.value())));
                case AttributeValue.SS a
                when operand instanceof AttributeValue.SS b -> {
                    TreeSet<String> union = new TreeSet<>(a.value());
                    union.addAll(b.value());
                    yield new AttributeValue.SS(union);
                }
                case AttributeValue.NS a
                when operand instanceof AttributeValue.NS b -> {
                    TreeSet<BigDecimal> union = new TreeSet<>(BigDecimal::compareTo);
                    union.addAll(a.value());
                    union.addAll(b.value());
                    yield new AttributeValue.NS(union);
                }
                case AttributeValue.BS a
                when operand instanceof AttributeValue.BS b -> {
                    TreeSet<AttributeValue.Bytes> union = new TreeSet<>(a.value());
                    union.addAll(b.value());
                    yield new AttributeValue.BS(union);
                }
                // Only legacy AttributeUpdates can ADD a list (expressions refuse it when binding): it appends.
                case AttributeValue.L a
                when operand instanceof AttributeValue.L b -> {
                    List<AttributeValue> joined = new ArrayList<>(a.value());
                    joined.addAll(b.value());
                    yield new AttributeValue.L(joined);
                }
                default -> throw Operand.incorrectType();
            };
        }
        put(item, path, result);
    }

    private static void delete(Map<String, AttributeValue> item, DocumentPath path, AttributeValue operand) {
        AttributeValue current = path.get(item);
        if (current == null) {
            checkParents(item, path);
            return;
        }
        AttributeValue result = switch (current) {
            case AttributeValue.SS a
            when operand instanceof AttributeValue.SS b -> {
                TreeSet<String> rest = new TreeSet<>(a.value());
                rest.removeAll(b.value());
                yield rest.isEmpty() ? null : new AttributeValue.SS(rest);
            }
            case AttributeValue.NS a
            when operand instanceof AttributeValue.NS b -> {
                TreeSet<BigDecimal> rest = new TreeSet<>(BigDecimal::compareTo);
                rest.addAll(a.value());
                rest.removeAll(b.value());
                yield rest.isEmpty() ? null : new AttributeValue.NS(rest);
            }
            case AttributeValue.BS a
            when operand instanceof AttributeValue.BS b -> {
                TreeSet<AttributeValue.Bytes> rest = new TreeSet<>(a.value());
                rest.removeAll(b.value());
                yield rest.isEmpty() ? null : new AttributeValue.BS(rest);
            }
            default -> throw Operand.incorrectType();
        };
        if (result == null) {
            remove(item, path);
        } else {
            put(item, path, result);
        }
    }

    /** Writes {@code value} at {@code path}, rebuilding the maps and lists above it. */
    static void put(Map<String, AttributeValue> item, DocumentPath path, AttributeValue value) {
        String top = path.topLevel();
        if (path.length() == 1) {
            item.put(top, value);
            return;
        }
        AttributeValue parent = item.get(top);
        if (parent == null) {
            throw invalidPath();
        }
        item.put(top, put(parent, path, 1, value));
    }

    private static AttributeValue put(AttributeValue container, DocumentPath path, int i, AttributeValue value) {
        boolean last = i == path.length() - 1;
        Object element = path.element(i);
        if (element instanceof String name) {
            if (!(container instanceof AttributeValue.M m)) {
                throw invalidPath();
            }
            Map<String, AttributeValue> map = new LinkedHashMap<>(m.value());
            if (last) {
                map.put(name, value);
            } else {
                AttributeValue child = map.get(name);
                if (child == null) {
                    throw invalidPath();
                }
                map.put(name, put(child, path, i + 1, value));
            }
            return new AttributeValue.M(map);
        }
        int index = (Integer) element;
        if (!(container instanceof AttributeValue.L l)) {
            throw invalidPath();
        }
        List<AttributeValue> list = new ArrayList<>(l.value());
        if (last) {
            if (index >= list.size()) {
                list.add(value);
            } else {
                list.set(index, value);
            }
        } else {
            if (index >= list.size()) {
                throw invalidPath();
            }
            list.set(index, put(list.get(index), path, i + 1, value));
        }
        return new AttributeValue.L(list);
    }

    /**
     * Removes the value at {@code path}. A missing last element is left as it is (a map key that is not there, a list
     * index past the end), but every container above it must exist with the right type, as DynamoDB requires ("The
     * document path provided in the update expression is invalid for update").
     */
    static void remove(Map<String, AttributeValue> item, DocumentPath path) {
        String top = path.topLevel();
        if (path.length() == 1) {
            item.remove(top);
            return;
        }
        AttributeValue parent = item.get(top);
        if (parent == null) {
            throw invalidPath();
        }
        AttributeValue changed = remove(parent, path, 1);
        if (changed != parent) {
            item.put(top, changed);
        }
    }

    private static AttributeValue remove(AttributeValue container, DocumentPath path, int i) {
        boolean last = i == path.length() - 1;
        Object element = path.element(i);
        if (element instanceof String name) {
            if (!(container instanceof AttributeValue.M m)) {
                throw invalidPath();
            }
            AttributeValue child = m.value().get(name);
            if (child == null) {
                if (last) {
                    return container;
                }
                throw invalidPath();
            }
            Map<String, AttributeValue> map = new LinkedHashMap<>(m.value());
            if (last) {
                map.remove(name);
            } else {
                AttributeValue changed = remove(child, path, i + 1);
                if (changed == child) {
                    return container;
                }
                map.put(name, changed);
            }
            return new AttributeValue.M(map);
        }
        int index = (Integer) element;
        if (!(container instanceof AttributeValue.L l)) {
            throw invalidPath();
        }
        if (index >= l.value().size()) {
            if (last) {
                return container;
            }
            throw invalidPath();
        }
        List<AttributeValue> list = new ArrayList<>(l.value());
        if (last) {
            list.remove(index);
        } else {
            AttributeValue child = list.get(index);
            AttributeValue changed = remove(child, path, i + 1);
            if (changed == child) {
                return container;
            }
            list.set(index, changed);
        }
        return new AttributeValue.L(list);
    }

    /** Checks that every container above the last element of {@code path} exists with the right type. */
    private static void checkParents(Map<String, AttributeValue> item, DocumentPath path) {
        AttributeValue value = item.get(path.topLevel());
        for (int i = 1; i < path.length(); i++) {
            Object element = path.element(i);
            boolean fits =
                    element instanceof String ? value instanceof AttributeValue.M : value instanceof AttributeValue.L;
            if (!fits) {
                throw invalidPath();
            }
            value = DocumentPath.step(value, element);
            if (value == null && i < path.length() - 1) {
                throw invalidPath();
            }
        }
    }

    static DynamoDbException invalidPath() {
        return DynamoDbException.validation(
                "The document path provided in the update expression is invalid for update");
    }
}
