package dev.antipop.commerce;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.commerce.cart.CartCommand;
import dev.antipop.commerce.cart.CartDecider;
import dev.antipop.commerce.cart.CartEvent;
import dev.antipop.commerce.cart.CartEvents;
import dev.antipop.commerce.cart.CartState;
import dev.antipop.commerce.order.OrderCommand;
import dev.antipop.commerce.order.OrderDecider;
import dev.antipop.commerce.order.OrderEvent;
import dev.antipop.commerce.order.OrderEvents;
import dev.antipop.commerce.order.OrderState;
import dev.antipop.commerce.policy.CommercePolicies;
import dev.antipop.commerce.process.Inventory;
import dev.antipop.commerce.process.InvokedInventory;
import dev.antipop.commerce.process.OrderProcessManager;
import dev.antipop.commerce.view.CatalogPrices;
import dev.antipop.commerce.view.CommerceQueries;
import dev.antipop.commerce.view.OrdersView;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.dynamodb.ProjectionPositions;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandInvoker;
import dev.antipop.runtime.command.Notifier;
import dev.antipop.runtime.config.LeasedIds;
import dev.antipop.runtime.context.CallerResolver;
import dev.antipop.runtime.context.ContextFunctions;
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
 * The commerce context's beans. Command functions come from the descriptor ({@link ContextFunctions}); the rest is
 * one bean per template function. Environment, besides what {@code RuntimeConfiguration} and {@code
 * EventStoreConfiguration} read: {@code MEMBERSHIPS_TABLE}, {@code PRODUCTS_TABLE} (the catalog's products view, read
 * by ADD_CART_ITEM and CHECKOUT), {@code ORDERS_TABLE}, {@code BRAND_ORDERS_TABLE}, {@code POSITIONS_TABLE}, {@code
 * RESERVE_INVENTORY_FUNCTION} and {@code RELEASE_INVENTORY_FUNCTION} (the processor), {@code
 * CREATE_NOTIFICATION_FUNCTION} (optional: without it notifications are only logged), {@code CURSOR_KEY} (optional,
 * base64url, ≥ 256 bits; by default derived from the active {@code JWT_KEYS} secret). Beans are lazy: each function
 * builds only what it uses.
 */
@Configuration(proxyBeanMethods = false)
@Lazy
public class CommerceConfiguration {

    /**
     * Appends to one stream tried this often before answering 409 (with the handler's randomised back-off of at most
     * 50 ms): an order stream sees the order process and its buyer or brand team at once, never more.
     */
    static final int MAX_APPEND_ATTEMPTS = 40;

    /** The processor's bean and its position reader name. */
    static final String PROCESSOR = "commerceProcessor";

    @Bean
    static ContextFunctions commerceCommandFunctions() {
        return new ContextFunctions(CommerceContext.DESCRIPTOR);
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
    CommandHandler<CartCommand, CartEvent, CartState> cartHandler(EventStore store, LeasedIds ids, Clock clock) {
        return new CommandHandler<>(store, new CartDecider(), CartEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS);
    }

    @Bean
    CommandHandler<OrderCommand, OrderEvent, OrderState> orderHandler(EventStore store, LeasedIds ids, Clock clock) {
        return new CommandHandler<>(store, new OrderDecider(), OrderEvents.CODEC, ids, clock, MAX_APPEND_ATTEMPTS);
    }

    @Bean
    CatalogPrices catalogPrices(Environment env, DynamoDbClient dynamoDb) {
        // Only ADD_CART_ITEM and CHECKOUT read the products view; every command's function builds the same catalog.
        return new CatalogPrices(dynamoDb, env.getProperty("PRODUCTS_TABLE"));
    }

    @Bean
    CommandCatalog commerceCommands(
            CommandHandler<CartCommand, CartEvent, CartState> carts,
            CommandHandler<OrderCommand, OrderEvent, OrderState> orders,
            EventStore store,
            CatalogPrices prices,
            LeasedIds ids) {
        return new CommerceCommands(carts, orders, store, prices, ids).catalog();
    }

    @Bean
    OrdersView ordersView(Environment env, DynamoDbClient dynamoDb) {
        return new OrdersView(
                dynamoDb, env.getRequiredProperty("ORDERS_TABLE"), env.getRequiredProperty("BRAND_ORDERS_TABLE"));
    }

    @Bean
    CommerceQueries commerceQueries(
            EventStore store,
            OrdersView orders,
            MembershipStore memberships,
            Authenticator authenticator,
            Environment env,
            DynamoDbClient dynamoDb) {
        ReadYourWrites positions = new ReadYourWrites(
                new ProjectionPositions(dynamoDb, env.getRequiredProperty("POSITIONS_TABLE")), PROCESSOR);
        return new CommerceQueries(store, orders, memberships, authenticator, new Cursors(cursorKey(env)), positions);
    }

    /** {@code CURSOR_KEY}, or a key derived from the active JWT secret for this context's cursors. */
    static byte[] cursorKey(Environment env) {
        return JwtKeys.cursorKey(
                env.getProperty("CURSOR_KEY"),
                env.getRequiredProperty("JWT_KEYS"),
                env.getRequiredProperty("JWT_ACTIVE_KID"),
                "antipop commerce cursors");
    }

    @Bean
    Notifier notifier(Environment env) {
        return Notifier.fromEnvironment(env);
    }

    @Bean
    Inventory inventory(Environment env) {
        return new InvokedInventory(
                CommandInvoker.fromEnvironment(env),
                env.getRequiredProperty("RESERVE_INVENTORY_FUNCTION"),
                env.getRequiredProperty("RELEASE_INVENTORY_FUNCTION"));
    }

    @Bean
    CommercePolicies commercePolicies(
            CommandHandler<CartCommand, CartEvent, CartState> carts,
            CommandHandler<OrderCommand, OrderEvent, OrderState> orders,
            EventStore store,
            Inventory inventory,
            MembershipStore memberships,
            Notifier notifier,
            LeasedIds ids) {
        OrderProcessManager process = new OrderProcessManager(store, new OrderDecider(), orders, inventory, ids);
        return new CommercePolicies(carts, process, memberships, notifier, ids);
    }

    // ---- function beans -------------------------------------------------------------------------------------

    @Bean
    public Function<DynamodbEvent, StreamsEventResponse> commerceProcessor(
            OrdersView orders, CommercePolicies policies, Environment env, DynamoDbClient dynamoDb) {
        EventStreamProcessor.EventHandler handler = (EventEnvelope event) -> {
            if (event.stream().startsWith(OrderEvents.STREAM_PREFIX)) {
                orders.project(event);
            }
            policies.react(event);
        };
        return new EventStreamProcessor(PROCESSOR, handler, 8).withPositions(Positions.of(env, dynamoDb, PROCESSOR));
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> getCart(CommerceQueries queries) {
        return queries.getCart();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> listOrders(CommerceQueries queries) {
        return queries.listOrders();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> getOrder(CommerceQueries queries) {
        return queries.getOrder();
    }

    @Bean
    public Function<byte[], APIGatewayV2HTTPResponse> listBrandOrders(CommerceQueries queries) {
        return queries.listBrandOrders();
    }
}
