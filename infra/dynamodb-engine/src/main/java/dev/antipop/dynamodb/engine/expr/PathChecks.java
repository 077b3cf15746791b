package dev.antipop.dynamodb.engine.expr;

import dev.antipop.dynamodb.engine.DynamoDbException;
import java.util.List;

/**
 * DynamoDB's rule for the paths of one update or projection expression (developer guide, "Update expressions" and
 * "Projection expressions"): no path may be a prefix of (or equal to) another ("overlap"), and no two paths may use one
 * element both as a map and as a list ("conflict").
 */
final class PathChecks {

    private PathChecks() {}

    static void check(String parameter, List<DocumentPath> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                check(parameter, paths.get(i), paths.get(j));
            }
        }
    }

    private static void check(String parameter, DocumentPath one, DocumentPath two) {
        int common = Math.min(one.length(), two.length());
        for (int k = 0; k < common; k++) {
            Object a = one.element(k);
            Object b = two.element(k);
            if (!a.equals(b)) {
                if (a.getClass() != b.getClass()) {
                    throw error(parameter, "conflict", one, two);
                }
                return;
            }
        }
        throw error(parameter, "overlap", one, two);
    }

    private static DynamoDbException error(String parameter, String kind, DocumentPath one, DocumentPath two) {
        return Parsing.invalid(
                parameter,
                "Two document paths " + kind + " with each other; must remove or rewrite one of these paths; path one: "
                        + one + ", path two: " + two);
    }
}
