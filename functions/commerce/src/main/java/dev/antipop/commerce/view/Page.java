package dev.antipop.commerce.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of a view.
 *
 * @param items the items as their JSON answers
 * @param lastEvaluatedKey where the next page starts; empty on the last page
 */
public record Page(List<ObjectNode> items, Map<String, AttributeValue> lastEvaluatedKey) {

    public Page {
        items = List.copyOf(items);
        lastEvaluatedKey = lastEvaluatedKey == null ? Map.of() : Map.copyOf(lastEvaluatedKey);
    }
}
