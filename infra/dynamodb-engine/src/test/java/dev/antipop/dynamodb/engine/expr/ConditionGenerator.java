package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Random condition expressions (text plus placeholders) with their meaning as a Java predicate, and random items; for
 * {@link ConditionPropertiesTest} and {@link ExpressionPropertiesIT}. AND/OR/NOT chains are written without grouping
 * parentheses while the predicate groups them as DynamoDB does (NOT, then AND, then OR).
 */
final class ConditionGenerator {

    private ConditionGenerator() {}

    /** A piece of generated expression with its reference meaning. */
    record Gen(String text, Predicate<Map<String, AttributeValue>> reference) {}

    /** An operand with its reference value (null when it does not exist). */
    interface RefOperand {
        AttributeValue value(Map<String, AttributeValue> item);
    }

    record GenOperand(String text, RefOperand reference) {}

    /** Builds one random expression; collects the placeholders it uses. */
    static final class Generator {
        final Random random;
        final Map<String, AttributeValue> values = new LinkedHashMap<>();
        final Map<String, String> names = new LinkedHashMap<>();

        Generator(Random random) {
            this.random = random;
        }

        Gen condition(int depth) {
            // OR of ANDs of optionally negated atoms, written without grouping parentheses.
            int disjuncts = 1 + random.nextInt(depth > 0 ? 3 : 2);
            List<Gen> ors = new ArrayList<>();
            for (int i = 0; i < disjuncts; i++) {
                int conjuncts = 1 + random.nextInt(depth > 0 ? 3 : 2);
                List<Gen> ands = new ArrayList<>();
                for (int j = 0; j < conjuncts; j++) {
                    Gen atom = atom(depth);
                    if (random.nextInt(4) == 0) {
                        Predicate<Map<String, AttributeValue>> inner = atom.reference();
                        atom = new Gen(keyword("NOT") + " " + atom.text(), inner.negate());
                    }
                    ands.add(atom);
                }
                ors.add(join(ands, "AND"));
            }
            return join(ors, "OR");
        }

        Gen join(List<Gen> parts, String keyword) {
            StringBuilder text = new StringBuilder(parts.getFirst().text());
            Predicate<Map<String, AttributeValue>> reference = parts.getFirst().reference();
            for (int i = 1; i < parts.size(); i++) {
                text.append(' ')
                        .append(keyword(keyword))
                        .append(' ')
                        .append(parts.get(i).text());
                reference = keyword.equals("AND")
                        ? reference.and(parts.get(i).reference())
                        : reference.or(parts.get(i).reference());
            }
            return new Gen(text.toString(), reference);
        }

        String keyword(String keyword) {
            return switch (random.nextInt(3)) {
                case 0 -> keyword;
                case 1 -> keyword.toLowerCase();
                default -> keyword.charAt(0) + keyword.substring(1).toLowerCase();
            };
        }

        Gen atom(int depth) {
            int kind = random.nextInt(depth > 0 ? 12 : 11);
            return switch (kind) {
                case 0, 1, 2 -> comparison();
                case 3 -> between();
                case 4 -> in();
                case 5 -> {
                    String[] path = path();
                    yield new Gen(
                            "attribute_exists(" + pathText(path) + ")", item -> ConditionModel.get(item, path) != null);
                }
                case 6 -> {
                    String[] path = path();
                    yield new Gen(
                            "attribute_not_exists(" + pathText(path) + ")",
                            item -> ConditionModel.get(item, path) == null);
                }
                case 7 -> {
                    String[] path = path();
                    String type = pick("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");
                    String placeholder = value(AttributeValue.s(type));
                    yield new Gen(
                            "attribute_type(" + pathText(path) + ", " + placeholder + ")",
                            item -> ConditionModel.get(item, path) != null
                                    && ConditionModel.get(item, path).type().equals(type));
                }
                case 8 -> {
                    String[] path = path();
                    AttributeValue prefix = random.nextBoolean() ? randomString() : randomBinary();
                    String placeholder = value(prefix);
                    yield new Gen(
                            "begins_with(" + pathText(path) + ", " + placeholder + ")",
                            item -> ConditionModel.beginsWith(ConditionModel.get(item, path), prefix));
                }
                case 9 -> {
                    String[] path = path();
                    AttributeValue part = randomValue(1);
                    String placeholder = value(part);
                    yield new Gen(
                            "contains(" + pathText(path) + ", " + placeholder + ")",
                            item -> ConditionModel.contains(ConditionModel.get(item, path), part));
                }
                case 10 -> comparison();
                default -> {
                    Gen inner = condition(depth - 1);
                    // DynamoDB refuses parentheses directly around parentheses ("redundant parentheses").
                    yield wrapped(inner.text()) ? inner : new Gen("(" + inner.text() + ")", inner.reference());
                }
            };
        }

        /** Whether the text is one parenthesised group. */
        static boolean wrapped(String text) {
            if (!text.startsWith("(")) {
                return false;
            }
            int depth = 0;
            for (int i = 0; i < text.length(); i++) {
                depth += text.charAt(i) == '(' ? 1 : text.charAt(i) == ')' ? -1 : 0;
                if (depth == 0) {
                    return i == text.length() - 1;
                }
            }
            return false;
        }

        Gen comparison() {
            GenOperand left = operand();
            GenOperand right = operand();
            String op = pick("=", "<>", "<", "<=", ">", ">=");
            return new Gen(left.text() + " " + op + " " + right.text(), item -> {
                AttributeValue a = left.reference().value(item);
                AttributeValue b = right.reference().value(item);
                return switch (op) {
                    case "=" -> a != null && b != null && a.equals(b);
                    case "<>" -> !(a != null && b != null && a.equals(b));
                    default -> {
                        Integer c = ConditionModel.order(a, b);
                        yield c != null
                                && switch (op) {
                                    case "<" -> c < 0;
                                    case "<=" -> c <= 0;
                                    case ">" -> c > 0;
                                    default -> c >= 0;
                                };
                    }
                };
            });
        }

        Gen between() {
            GenOperand operand = operand();
            // Constant bounds are of one type and in order; DynamoDB refuses others (tested elsewhere).
            AttributeValue x = randomScalar();
            AttributeValue y = sameTypeScalar(x);
            Integer c = ConditionModel.order(x, y);
            AttributeValue lo = c > 0 ? y : x;
            AttributeValue hi = c > 0 ? x : y;
            String text = operand.text() + " " + keyword("BETWEEN") + " " + value(lo) + " " + keyword("AND") + " "
                    + value(hi);
            return new Gen(text, item -> {
                AttributeValue v = operand.reference().value(item);
                Integer a = ConditionModel.order(v, lo);
                Integer b = ConditionModel.order(v, hi);
                return a != null && b != null && a >= 0 && b <= 0;
            });
        }

        Gen in() {
            String[] path = path();
            int count = 1 + random.nextInt(4);
            List<AttributeValue> candidates = new ArrayList<>();
            List<String> placeholders = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                AttributeValue candidate = randomValue(1);
                candidates.add(candidate);
                placeholders.add(value(candidate));
            }
            return new Gen(
                    pathText(path) + " " + keyword("IN") + " (" + String.join(", ", placeholders) + ")",
                    item -> ConditionModel.get(item, path) != null
                            && candidates.contains(ConditionModel.get(item, path)));
        }

        GenOperand operand() {
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    String[] path = path();
                    return new GenOperand(pathText(path), item -> ConditionModel.get(item, path));
                }
                case 2 -> {
                    String[] path = path();
                    return new GenOperand(
                            "size(" + pathText(path) + ")",
                            item -> ConditionModel.size(ConditionModel.get(item, path)));
                }
                default -> {
                    AttributeValue v = random.nextInt(3) == 0 ? randomValue(1) : randomScalar();
                    return new GenOperand(value(v), item -> v);
                }
            }
        }

        /** A path: a top-level name, or m.k, or l[i]. Elements are names or "[i]". */
        String[] path() {
            return switch (random.nextInt(6)) {
                case 0 -> new String[] {"m", pick("a", "b", "x")};
                case 1 -> new String[] {"l", "[" + random.nextInt(3) + "]"};
                case 2 -> new String[] {"m", "l", "[" + random.nextInt(2) + "]"};
                default -> new String[] {pick("a", "b", "c", "d", "m", "l")};
            };
        }

        String pathText(String[] path) {
            StringBuilder text = new StringBuilder();
            for (String element : path) {
                if (element.startsWith("[")) {
                    text.append(element);
                } else {
                    if (!text.isEmpty()) {
                        text.append('.');
                    }
                    if (random.nextInt(4) == 0) {
                        String placeholder = "#" + element;
                        names.put(placeholder, element);
                        text.append(placeholder);
                    } else {
                        text.append(element);
                    }
                }
            }
            return text.toString();
        }

        String value(AttributeValue value) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, value);
            return placeholder;
        }

        String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        AttributeValue randomScalar() {
            return switch (random.nextInt(3)) {
                case 0 -> AttributeValue.n(random.nextInt(5) - 2);
                case 1 -> randomString();
                default -> randomBinary();
            };
        }

        AttributeValue sameTypeScalar(AttributeValue like) {
            return switch (like) {
                case AttributeValue.N ignored -> AttributeValue.n(random.nextInt(5) - 2);
                case AttributeValue.S ignored -> randomString();
                default -> randomBinary();
            };
        }

        AttributeValue randomString() {
            return AttributeValue.s(pick("", "a", "ab", "b", "ba", "abc", "B"));
        }

        AttributeValue randomBinary() {
            byte[][] options = {{}, {1}, {1, 2}, {2}, {(byte) 0xff}, {1, 2, 3}};
            return AttributeValue.b(options[random.nextInt(options.length)]);
        }

        AttributeValue randomValue(int depth) {
            int kind = random.nextInt(depth > 0 ? 11 : 8);
            return switch (kind) {
                case 0, 1 -> AttributeValue.n(random.nextInt(5) - 2);
                case 2, 3 -> randomString();
                case 4 -> randomBinary();
                case 5 -> new AttributeValue.Bool(random.nextBoolean());
                case 6 -> AttributeValue.Null.INSTANCE;
                case 7 -> {
                    TreeSet<String> set = new TreeSet<>();
                    for (int i = 0; i <= random.nextInt(3); i++) {
                        set.add(pick("a", "b", "ab"));
                    }
                    yield new AttributeValue.SS(set);
                }
                case 8 -> {
                    TreeSet<BigDecimal> set = new TreeSet<>(BigDecimal::compareTo);
                    for (int i = 0; i <= random.nextInt(3); i++) {
                        set.add(BigDecimal.valueOf(random.nextInt(4)));
                    }
                    yield new AttributeValue.NS(set);
                }
                case 9 -> {
                    List<AttributeValue> list = new ArrayList<>();
                    for (int i = 0; i < random.nextInt(4); i++) {
                        list.add(randomValue(depth - 1));
                    }
                    yield new AttributeValue.L(list);
                }
                default -> {
                    Map<String, AttributeValue> map = new LinkedHashMap<>();
                    for (int i = 0; i < random.nextInt(3); i++) {
                        map.put(pick("a", "b", "x"), randomValue(depth - 1));
                    }
                    yield new AttributeValue.M(map);
                }
            };
        }

        Map<String, AttributeValue> randomItem() {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            for (String name : List.of("a", "b", "c", "d")) {
                if (random.nextInt(5) > 0) {
                    item.put(name, randomValue(1));
                }
            }
            if (random.nextInt(4) > 0) {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                for (String key : List.of("a", "b", "x")) {
                    if (random.nextBoolean()) {
                        m.put(key, randomValue(0));
                    }
                }
                if (random.nextBoolean()) {
                    m.put("l", new AttributeValue.L(List.of(randomScalar(), randomScalar())));
                }
                item.put("m", new AttributeValue.M(m));
            }
            if (random.nextInt(4) > 0) {
                List<AttributeValue> l = new ArrayList<>();
                for (int i = 0; i < random.nextInt(4); i++) {
                    l.add(randomValue(0));
                }
                item.put("l", new AttributeValue.L(l));
            }
            return item;
        }
    }
}
