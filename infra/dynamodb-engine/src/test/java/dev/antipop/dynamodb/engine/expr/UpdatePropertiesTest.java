package dev.antipop.dynamodb.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random sequences of update expressions: the engine's {@link Update} against a reference model written here from the
 * developer guide's "Update expressions" (SET with + and -, if_not_exists, list_append, REMOVE with list shifts, ADD,
 * DELETE, invalid paths). Each update touches distinct top-level attributes, so the model can apply its actions one by
 * one; a failing update leaves the item as it was.
 */
class UpdatePropertiesTest {

    private static final String MISSING =
            "The provided expression refers to an attribute that does not exist in the item";
    private static final String TYPE = "An operand in the update expression has an incorrect data type";
    private static final String PATH = "The document path provided in the update expression is invalid for update";

    /** A reference failure with DynamoDB's message. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private record Action(String clause, String text, UnaryOperator<Map<String, AttributeValue>> reference) {}

    private static final class Generator {
        final Random random;
        final Map<String, AttributeValue> values = new LinkedHashMap<>();

        Generator(Random random) {
            this.random = random;
        }

        String value(AttributeValue value) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, value);
            return placeholder;
        }

        /** A path under the top-level name: the name itself, or a map key under it, or a list index under it. */
        Object[] path(String top) {
            return switch (random.nextInt(4)) {
                case 0 -> new Object[] {top, "k"};
                case 1 -> new Object[] {top, random.nextInt(3)};
                default -> new Object[] {top};
            };
        }

        static String text(Object[] path) {
            StringBuilder out = new StringBuilder((String) path[0]);
            for (int i = 1; i < path.length; i++) {
                if (path[i] instanceof Integer index) {
                    out.append('[').append(index).append(']');
                } else {
                    out.append('.').append(path[i]);
                }
            }
            return out.toString();
        }

        AttributeValue number() {
            return AttributeValue.n(random.nextInt(7) - 3);
        }

        AttributeValue stringSet() {
            TreeSet<String> set = new TreeSet<>();
            for (int i = 0; i <= random.nextInt(3); i++) {
                set.add(String.valueOf((char) ('a' + random.nextInt(4))));
            }
            return new AttributeValue.SS(set);
        }

        AttributeValue numberSet() {
            TreeSet<BigDecimal> set = new TreeSet<>(BigDecimal::compareTo);
            for (int i = 0; i <= random.nextInt(3); i++) {
                set.add(BigDecimal.valueOf(random.nextInt(4)));
            }
            return new AttributeValue.NS(set);
        }

        AttributeValue list() {
            List<AttributeValue> list = new ArrayList<>();
            for (int i = 0; i < random.nextInt(3); i++) {
                list.add(number());
            }
            return new AttributeValue.L(list);
        }

        AttributeValue any() {
            return switch (random.nextInt(7)) {
                case 0 -> AttributeValue.s("s" + random.nextInt(3));
                case 1 -> stringSet();
                case 2 -> numberSet();
                case 3 -> list();
                case 4 -> new AttributeValue.M(Map.of("k", number()));
                default -> number();
            };
        }

        Action action(String top) {
            Object[] path = path(top);
            String p = text(path);
            return switch (random.nextInt(9)) {
                case 0, 1 -> {
                    AttributeValue v = any();
                    yield new Action("SET", p + " = " + value(v), item -> put(item, path, v));
                }
                case 2 -> {
                    AttributeValue n = number();
                    boolean plus = random.nextBoolean();
                    yield new Action("SET", p + " = " + p + (plus ? " + " : " - ") + value(n), item -> {
                        AttributeValue current = get(item, path);
                        if (current == null) {
                            throw new Refused(MISSING);
                        }
                        if (!(current instanceof AttributeValue.N c)) {
                            throw new Refused(TYPE);
                        }
                        BigDecimal x = ((AttributeValue.N) n).value();
                        return put(
                                item,
                                path,
                                new AttributeValue.N(
                                        plus ? c.value().add(x) : c.value().subtract(x)));
                    });
                }
                case 3 -> {
                    AttributeValue v = number();
                    yield new Action("SET", p + " = if_not_exists(" + p + ", " + value(v) + ")", item -> {
                        AttributeValue current = get(item, path);
                        return put(item, path, current != null ? current : v);
                    });
                }
                case 4 -> {
                    AttributeValue l = list();
                    boolean front = random.nextBoolean();
                    String call = front
                            ? "list_append(" + value(l) + ", " + p + ")"
                            : "list_append(" + p + ", " + value(l) + ")";
                    yield new Action("SET", p + " = " + call, item -> {
                        AttributeValue current = get(item, path);
                        if (current == null) {
                            throw new Refused(MISSING);
                        }
                        if (!(current instanceof AttributeValue.L c)) {
                            throw new Refused(TYPE);
                        }
                        List<AttributeValue> out = new ArrayList<>();
                        out.addAll(front ? ((AttributeValue.L) l).value() : c.value());
                        out.addAll(front ? c.value() : ((AttributeValue.L) l).value());
                        return put(item, path, new AttributeValue.L(out));
                    });
                }
                case 5 -> new Action("REMOVE", p, item -> remove(item, path));
                case 6, 7 -> {
                    AttributeValue v = switch (random.nextInt(3)) {
                        case 0 -> stringSet();
                        case 1 -> numberSet();
                        default -> number();
                    };
                    yield new Action("ADD", p + " " + value(v), item -> {
                        AttributeValue current = get(item, path);
                        if (current == null) {
                            return put(item, path, v);
                        }
                        return put(item, path, add(current, v));
                    });
                }
                default -> {
                    AttributeValue v = random.nextBoolean() ? stringSet() : numberSet();
                    yield new Action("DELETE", p + " " + value(v), item -> {
                        AttributeValue current = get(item, path);
                        if (current == null) {
                            return path.length == 1 ? item : remove(item, path);
                        }
                        AttributeValue rest = minus(current, v);
                        return rest == null ? remove(item, path) : put(item, path, rest);
                    });
                }
            };
        }

        Map<String, AttributeValue> randomItem() {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            for (String name : List.of("a", "b", "c", "d")) {
                switch (random.nextInt(4)) {
                    case 0 -> {}
                    case 1 -> item.put(name, new AttributeValue.M(Map.of("k", number(), "j", any())));
                    case 2 -> {
                        List<AttributeValue> list = new ArrayList<>();
                        for (int i = 0; i < random.nextInt(4); i++) {
                            list.add(random.nextBoolean() ? number() : any());
                        }
                        item.put(name, new AttributeValue.L(list));
                    }
                    default -> item.put(name, any());
                }
            }
            return item;
        }
    }

    // The reference model.

    static AttributeValue get(Map<String, AttributeValue> item, Object[] path) {
        AttributeValue value = item.get((String) path[0]);
        if (path.length == 1 || value == null) {
            return value;
        }
        if (path[1] instanceof Integer index) {
            return value instanceof AttributeValue.L l && index < l.value().size()
                    ? l.value().get(index)
                    : null;
        }
        return value instanceof AttributeValue.M m ? m.value().get((String) path[1]) : null;
    }

    static Map<String, AttributeValue> put(Map<String, AttributeValue> item, Object[] path, AttributeValue value) {
        Map<String, AttributeValue> out = new LinkedHashMap<>(item);
        String top = (String) path[0];
        if (path.length == 1) {
            out.put(top, value);
            return out;
        }
        AttributeValue parent = item.get(top);
        if (path[1] instanceof Integer index) {
            if (!(parent instanceof AttributeValue.L l)) {
                throw new Refused(PATH);
            }
            List<AttributeValue> list = new ArrayList<>(l.value());
            if (index < list.size()) {
                list.set(index, value);
            } else {
                list.add(value);
            }
            out.put(top, new AttributeValue.L(list));
        } else {
            if (!(parent instanceof AttributeValue.M m)) {
                throw new Refused(PATH);
            }
            Map<String, AttributeValue> map = new LinkedHashMap<>(m.value());
            map.put((String) path[1], value);
            out.put(top, new AttributeValue.M(map));
        }
        return out;
    }

    static Map<String, AttributeValue> remove(Map<String, AttributeValue> item, Object[] path) {
        Map<String, AttributeValue> out = new LinkedHashMap<>(item);
        String top = (String) path[0];
        if (path.length == 1) {
            out.remove(top);
            return out;
        }
        AttributeValue parent = item.get(top);
        if (path[1] instanceof Integer index && parent instanceof AttributeValue.L l) {
            if (index < l.value().size()) {
                List<AttributeValue> list = new ArrayList<>(l.value());
                list.remove((int) index);
                out.put(top, new AttributeValue.L(list));
            }
        } else if (path[1] instanceof String key && parent instanceof AttributeValue.M m) {
            Map<String, AttributeValue> map = new LinkedHashMap<>(m.value());
            map.remove(key);
            out.put(top, new AttributeValue.M(map));
        } else {
            // The container of a nested path must exist with the right type (a map for .k, a list for [i]).
            throw new Refused(PATH);
        }
        return out;
    }

    static AttributeValue add(AttributeValue current, AttributeValue v) {
        if (current instanceof AttributeValue.N a && v instanceof AttributeValue.N b) {
            return new AttributeValue.N(a.value().add(b.value()));
        }
        if (current instanceof AttributeValue.SS a && v instanceof AttributeValue.SS b) {
            TreeSet<String> set = new TreeSet<>(a.value());
            set.addAll(b.value());
            return new AttributeValue.SS(set);
        }
        if (current instanceof AttributeValue.NS a && v instanceof AttributeValue.NS b) {
            TreeSet<BigDecimal> set = new TreeSet<>(BigDecimal::compareTo);
            set.addAll(a.value());
            set.addAll(b.value());
            return new AttributeValue.NS(set);
        }
        throw new Refused(TYPE);
    }

    static AttributeValue minus(AttributeValue current, AttributeValue v) {
        if (current instanceof AttributeValue.SS a && v instanceof AttributeValue.SS b) {
            TreeSet<String> set = new TreeSet<>(a.value());
            set.removeAll(b.value());
            return set.isEmpty() ? null : new AttributeValue.SS(set);
        }
        if (current instanceof AttributeValue.NS a && v instanceof AttributeValue.NS b) {
            TreeSet<BigDecimal> set = new TreeSet<>(BigDecimal::compareTo);
            set.addAll(a.value());
            set.removeAll(b.value());
            return set.isEmpty() ? null : new AttributeValue.NS(set);
        }
        throw new Refused(TYPE);
    }

    @Property(tries = 300)
    void updatesAgreeWithTheReferenceModel(@ForAll long seed) {
        Random random = new Random(seed);
        Generator generator = new Generator(random);
        Map<String, AttributeValue> item = generator.randomItem();
        for (int step = 0; step < 6; step++) {
            List<String> tops = new ArrayList<>(List.of("a", "b", "c", "d"));
            Collections.shuffle(tops, random);
            List<Action> actions = new ArrayList<>();
            for (int i = 0; i <= random.nextInt(3); i++) {
                actions.add(generator.action(tops.get(i)));
            }
            Map<String, List<String>> clauses = new LinkedHashMap<>();
            for (Action action : actions) {
                clauses.computeIfAbsent(action.clause(), k -> new ArrayList<>()).add(action.text());
            }
            StringBuilder text = new StringBuilder();
            clauses.forEach((clause, texts) -> text.append(clause)
                    .append(' ')
                    .append(String.join(", ", texts))
                    .append(' '));

            Map<String, AttributeValue> expected = item;
            String refusal = null;
            try {
                for (Action action : actions) {
                    expected = action.reference().apply(expected);
                }
            } catch (Refused e) {
                refusal = e.getMessage();
            }
            Update update = new ExpressionContext(Map.of(), generator.values)
                    .update(text.toString().strip());
            Map<String, AttributeValue> before = item;
            if (refusal != null) {
                var thrown = assertThatThrownBy(() -> update.apply(before))
                        .as("%s on %s", text, before)
                        .isInstanceOf(DynamoDbException.class);
                if (actions.size() == 1) {
                    thrown.hasMessage(refusal);
                }
            } else {
                Map<String, AttributeValue> actual = update.apply(before);
                assertThat(actual)
                        .as("%s on %s with %s", text, before, generator.values)
                        .isEqualTo(expected);
                item = actual;
            }
        }
    }
}
