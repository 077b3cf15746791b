package dev.antipop.dynamodb.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DynamoDbEngineExtension#fresh()} gives this class a server of its own. */
class FreshExtensionIT {

    @RegisterExtension
    static DynamoDbEngineExtension fresh = DynamoDbEngineExtension.fresh();

    @RegisterExtension
    static DynamoDbEngineExtension shared = DynamoDbEngineExtension.shared();

    @Test
    void aFreshServerIsEmptyAndNotTheSharedOne() {
        assertThat(fresh.endpoint()).isNotEqualTo(shared.endpoint());
        assertThat(shared.server()).isSameAs(DynamoDbEngineExtension.shared().server());
        try (var client = Sdk.client(fresh)) {
            assertThat(client.listTables().tableNames()).isEmpty();
            Sdk.table(client, "fresh", false);
            assertThat(client.listTables().tableNames()).hasSize(1);
        }
    }
}
