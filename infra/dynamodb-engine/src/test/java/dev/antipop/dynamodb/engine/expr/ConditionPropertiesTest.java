package dev.antipop.dynamodb.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random items and random condition expressions ({@link ConditionGenerator}): the engine's evaluator against the Java
 * predicate built next to each piece of generated text from {@link ConditionModel}, a small reference model written
 * independently (DynamoDB developer guide, "Comparison operator and function reference"). Precedence is exercised by
 * writing AND/OR/NOT chains without parentheses while the predicate groups them as DynamoDB does.
 */
class ConditionPropertiesTest {

    @Property(tries = 400)
    void evaluatorAgreesWithTheReferenceModel(@ForAll long seed) {
        ConditionGenerator.Generator generator = new ConditionGenerator.Generator(new Random(seed));
        ConditionGenerator.Gen gen = generator.condition(2);
        ExpressionContext context = new ExpressionContext(generator.names, generator.values);
        Condition condition = context.condition("FilterExpression", gen.text());
        context.checkAllUsed();
        for (int i = 0; i < 10; i++) {
            Map<String, AttributeValue> item = generator.randomItem();
            assertThat(condition.test(item))
                    .as("%s on %s with %s", gen.text(), item, generator.values)
                    .isEqualTo(gen.reference().test(item));
        }
    }
}
