package dev.antipop.catalog;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.catalog.brand.BrandCommand;
import dev.antipop.catalog.brand.BrandDecider;
import dev.antipop.catalog.brand.BrandEvent;
import dev.antipop.catalog.brand.BrandEvents;
import dev.antipop.catalog.brand.BrandState;
import dev.antipop.catalog.policy.CatalogPolicies;
import dev.antipop.catalog.product.ProductCommand;
import dev.antipop.catalog.product.ProductDecider;
import dev.antipop.catalog.product.ProductEvent;
import dev.antipop.catalog.product.ProductEvents;
import dev.antipop.catalog.product.ProductState;
import dev.antipop.catalog.view.BrandsView;
import dev.antipop.catalog.view.CatalogQueries;
import dev.antipop.catalog.view.ProductsView;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.Notifier;
import dev.antipop.runtime.config.LeasedIds;
import dev.antipop.runtime.context.CallerResolver;
import dev.antipop.runtime.context.ContextFunctions;
import dev.antipop.runtime.context.MembershipProjection;
import dev.antipop.runtime.http.Cursors;
import dev.antipop.runtime.http.ReadYourWrites;
import dev.antipop.runtime.stream.EventStreamProcessor;
import dev.antipop.runtime.stream.Positions;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The catalog context's beans. Command functions come from the descriptor ({@link ContextFunctions}); the rest is
 * one bean per template function. Environment, besides what {@code RuntimeConfiguration} and {@code
 * EventStoreConfiguration} read: {@code MEMBERSHIPS_TABLE}, {@code BRANDS_TABLE}, {@code PRODUCTS_TABLE}, {@code
 * POSITIONS_TABLE}, {@code CREATE_NOTIFICATION_FUNCTION} (optional: without it the notification policies only log),
 * {@code CURSOR_KEY} (optional, base64url, ≥ 256 bits; by default derived from the active {@code JWT_KEYS} secret).
 * Beans are lazy: each function builds only what it uses.
 */
@Configuration(proxyBeanMethods = false)
@Lazy
public class CatalogConfiguration {

    /**
     * Appends to one stream tried this often before answering 409: with the handler's randomised back-off (at most 50
     * ms) enough for 50 concurrent writers to one product (issue 9: 50 concurrent {@code ADJUST_INVENTORY}).
     */
    static final int MAX_APPEND_ATTEMPTS = 120;

    /** The processor's bean and its position reader name. */
    static final String PROCESSOR = "catalogProcessor";

    @Bean
    static ContextFunctions catalogCommandFunctions() {
        return new ContextFunctions(CatalogContext.DESCRIPTOR);
    }

    @Bean
    MembershipStore membershipStore(Environment env, DynamoDbClient dynamoDb) {
        return new MembershipStore(dynamoDb, env.getRequiredProperty("MEMBERSHIPS_TABLE"));
    }

    @Bean
    CallerResolver callerResolver(MembershipStore memberships) {
        return CallerResolver.withMemberships(memberships);
    }

    @Bean
    CommandHandler<BrandCommand, BrandEvent, BrandState> brandHandler(EventStore store, LeasedIds ids, Clock clock) {
        return new CommandHandler<>(store, new BrandDecider(), BrandEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS);
    }

    @Bean
    CommandHandler<ProductCommand, ProductEvent, ProductState> productHandler(
            EventStore store, LeasedIds ids, Clock clock) {
        return new CommandHandler<>(store, new ProductDecider(), ProductEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS);
    }

    @Bean
    CommandCatalog catalogCommands(
            CommandHandler<BrandCommand, BrandEvent, BrandState> brands,
            CommandHandler<ProductCommand, ProductEvent, ProductState> products,
            Environment env,
            DynamoDbClient dynamoDb,
            LeasedIds ids,
            Clock clock) {
        UserLookup users = new UserLookup(dynamoDb, env.getRequiredProperty("UNIQUES_TABLE"));
        return new CatalogCommands(brands, products, users, ids, clock).catalog();
    }

    @Bean
    BrandsView brandsView(Environment env, DynamoDbClient dynamoDb) {
        return new BrandsView(dynamoDb, env.getRequiredProperty("BRANDS_TABLE"));
    }

    @Bean
    ProductsView productsView(Environment env, DynamoDbClient dynamoDb) {
        return new ProductsView(dynamoDb, env.getRequiredProperty("PRODUCTS_TABLE"));
    }

    @Bean
    CatalogQueries catalogQueries(
            BrandsView brands,
            ProductsView products,
            MembershipStore memberships,
            Authenticator authenticator,
            Environment env,
            DynamoDbClient dynamoDb) {
        ReadYourWrites positions = new ReadYourWrites(
                new ProjectionPositions(dynamoDb, env.getRequiredProperty("POSITIONS_TABLE")), PROCESSOR);
        return new CatalogQueries(brands, products, memberships, authenticator, new Cursors(cursorKey(env)), positions);
    }

    /** {@code CURSOR_KEY}, or a key derived from the active JWT secret for this context's cursors. */
    static byte[] cursorKey(Environment env) {
        return JwtKeys.cursorKey(
                env.getProperty("CURSOR_KEY"),
                env.getRequiredProperty("JWT_KEYS"),
                env.getRequiredProperty("JWT_ACTIVE_KID"),
                "antipop catalog cursors");
    }

    @Bean
    Notifier notifier(Environment env) {
        return Notifier.fromEnvironment(env);
    }

    @Bean
    CatalogPolicies catalogPolicies(
            ProductsView products,
            CommandHandler<ProductCommand, ProductEvent, ProductState> productHandler,
            MembershipStore memberships,
            Notifier notifier,
            LeasedIds ids) {
        return new CatalogPolicies(products, productHandler, memberships, notifier, ids);
    }

    // ---- function beans -------------------------------------------------------------------------------------

    @Bean
    public Function<DynamodbEvent, StreamsEventResponse> catalogProcessor(
            MembershipStore memberships,
            BrandsView brands,
            ProductsView products,
            CatalogPolicies policies,
            Environment env,
            DynamoDbClient dynamoDb) {
        MembershipProjection membershipProjection = new MembershipProjection(CatalogContext.DESCRIPTOR, memberships);
        EventStreamProcessor.EventHandler handler = (EventEnvelope event) -> {
            membershipProjection.project(event);
            if (event.stream().startsWith(BrandEvents.STREAM_PREFIX)) {
                brands.project(event);
            } else if (event.stream().startsWith(ProductEvents.STREAM_PREFIX)) {
                products.project(event);
            }
            policies.react(event);
        };
        return new EventStreamProcessor(PROCESSOR, handler, 8).withPositions(Positions.of(env, dynamoDb, PROCESSOR));
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> listBrands(CatalogQueries queries) {
        return queries.listBrands();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> getBrand(CatalogQueries queries) {
        return queries.getBrand();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> listProducts(CatalogQueries queries) {
        return queries.listProducts();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> getProduct(CatalogQueries queries) {
        return queries.getProduct();
    }
}
