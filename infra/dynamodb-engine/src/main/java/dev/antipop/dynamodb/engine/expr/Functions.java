package dev.antipop.dynamodb.engine.expr;

/**
 * The functions of DynamoDB's expression language (developer guide, "Condition and filter expressions, operators, and
 * functions" and "Update expressions"): where each may appear and how many operands it takes. Names are
 * case-sensitive, as DynamoDB has them.
 */
final class Functions {

    static final String ATTRIBUTE_EXISTS = "attribute_exists";
    static final String ATTRIBUTE_NOT_EXISTS = "attribute_not_exists";
    static final String ATTRIBUTE_TYPE = "attribute_type";
    static final String BEGINS_WITH = "begins_with";
    static final String CONTAINS = "contains";
    static final String SIZE = "size";
    static final String IF_NOT_EXISTS = "if_not_exists";
    static final String LIST_APPEND = "list_append";

    private Functions() {}

    /** The number of operands, or -1 for an unknown function. */
    static int arity(String name) {
        return switch (name) {
            case ATTRIBUTE_EXISTS, ATTRIBUTE_NOT_EXISTS, SIZE -> 1;
            case ATTRIBUTE_TYPE, BEGINS_WITH, CONTAINS, IF_NOT_EXISTS, LIST_APPEND -> 2;
            default -> -1;
        };
    }

    /** Functions that are conditions by themselves. */
    static boolean isConditionFunction(String name) {
        return switch (name) {
            case ATTRIBUTE_EXISTS, ATTRIBUTE_NOT_EXISTS, ATTRIBUTE_TYPE, BEGINS_WITH, CONTAINS -> true;
            default -> false;
        };
    }

    /** Functions that yield a value in a SET action. */
    static boolean isUpdateFunction(String name) {
        return name.equals(IF_NOT_EXISTS) || name.equals(LIST_APPEND);
    }

    /** Functions whose first operand must be a document path. */
    static boolean firstArgumentIsPath(String name) {
        return switch (name) {
            case ATTRIBUTE_EXISTS, ATTRIBUTE_NOT_EXISTS, ATTRIBUTE_TYPE, SIZE, IF_NOT_EXISTS -> true;
            default -> false;
        };
    }
}
