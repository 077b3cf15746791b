package dev.antipop.dynamodb.engine.expr;

import java.util.List;

/**
 * The parsed form of an expression before its placeholders are resolved: what depends only on the expression text,
 * so it can be cached per text and bound to each request's {@code ExpressionAttributeNames}/{@code Values} cheaply.
 */
final class Ast {

    private Ast() {}

    /** One element of a document path: an attribute name (bare or {@code #placeholder}) or a list index. */
    sealed interface Segment {}

    /** A name; {@code placeholder} when written {@code #n} (then {@code text} includes the {@code #}). */
    record NameSegment(String text, boolean placeholder) implements Segment {}

    /** A list index {@code [i]}. */
    record IndexSegment(int index) implements Segment {}

    /** A document path ({@code a.b[3].#c}). */
    record PathAst(List<Segment> segments) {}

    /** An operand of a comparison, function or SET action. */
    sealed interface OperandAst {}

    record PathOperand(PathAst path) implements OperandAst {}

    /** A value placeholder {@code :v} (text includes the {@code :}). */
    record ValueOperand(String placeholder) implements OperandAst {}

    /** A function call; {@code name} as written (function names are case-sensitive in DynamoDB). */
    record Call(String name, List<OperandAst> arguments) implements OperandAst {}

    /** {@code left + right} or {@code left - right} (SET actions only). */
    record Arithmetic(OperandAst left, boolean plus, OperandAst right) implements OperandAst {}

    /** A condition. */
    sealed interface CondAst {}

    /** The comparators of the condition grammar. */
    enum Comparator {
        EQ("="),
        NE("<>"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }
    }

    record Compare(Comparator comparator, OperandAst left, OperandAst right) implements CondAst {}

    record Between(OperandAst operand, OperandAst low, OperandAst high) implements CondAst {}

    record In(OperandAst operand, List<OperandAst> candidates) implements CondAst {}

    record FunctionCondition(Call call) implements CondAst {}

    record Not(CondAst operand) implements CondAst {}

    record And(CondAst left, CondAst right) implements CondAst {}

    record Or(CondAst left, CondAst right) implements CondAst {}

    /** One action of an update expression, in the order written. */
    sealed interface Action {
        PathAst path();
    }

    record SetAction(PathAst path, OperandAst value) implements Action {}

    record RemoveAction(PathAst path) implements Action {}

    record AddAction(PathAst path, String valuePlaceholder) implements Action {}

    record DeleteAction(PathAst path, String valuePlaceholder) implements Action {}
}
