package dev.antipop.commerce.view;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.commerce.cart.CartDecider;
import dev.antipop.commerce.cart.CartEvents;
import dev.antipop.commerce.cart.CartLine;
import dev.antipop.commerce.cart.CartState;
import dev.antipop.commerce.order.OrderDecider;
import dev.antipop.commerce.order.OrderState.Order;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.store.EventStore;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.Cursors;
import dev.antipop.runtime.http.HttpEndpoint;
import dev.antipop.runtime.http.HttpRequest;
import dev.antipop.runtime.http.ReadYourWrites;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The commerce read routes (the descriptor's queries); each needs a bearer token ({@code 401} otherwise) and first
 * honours read-your-writes ({@code ?position=<stream>:<version>}, {@link ReadYourWrites}: at most 5 s, then {@code
 * 503} with {@code Retry-After}).
 *
 * <ul>
 *   <li>{@code GET /cart}: your cart, folded from its stream (so always current): {@code {"items":[{productId,
 *       brandId, variantId, quantity}],"version":N}}
 *   <li>{@code GET /orders?limit=&cursor=}: your orders, newest first: {@code {"items":[order…],"cursor":…}}
 *   <li>{@code GET /orders/{id}}: the order, for its buyer, an admin, or the team (owner, moderator) of a brand in
 *       it; {@code 404 not_found} for anyone else (its existence is not revealed)
 *   <li>{@code GET /catalog/brands/{id}/orders?limit=&cursor=}: the brand's part of its confirmed orders, newest
 *       first, for the brand's team and admins ({@code 403} otherwise)
 * </ul>
 *
 * <p>{@code limit} is 1–100 (default {@value #DEFAULT_LIMIT}); cursors are opaque and signed ({@link Cursors}).
 */
public final class CommerceQueries {

    /** Items per page when the client names no {@code limit}. */
    public static final int DEFAULT_LIMIT = 25;

    /** Most items per page. */
    public static final int MAX_LIMIT = 100;

    private static final Pattern ID = Pattern.compile("[0-9]{1,20}");

    private final EventStore store;
    private final OrdersView orders;
    private final MembershipStore memberships;
    private final Authenticator authenticator;
    private final Cursors cursors;
    private final ReadYourWrites readYourWrites;
    private final CartDecider carts = new CartDecider();

    /** @param readYourWrites positions of the commerce processor */
    public CommerceQueries(
            EventStore store,
            OrdersView orders,
            MembershipStore memberships,
            Authenticator authenticator,
            Cursors cursors,
            ReadYourWrites readYourWrites) {
        this.store = store;
        this.orders = orders;
        this.memberships = memberships;
        this.authenticator = authenticator;
        this.cursors = cursors;
        this.readYourWrites = readYourWrites;
    }

    /** {@code GET /cart}. */
    public HttpEndpoint getCart() {
        return endpoint("getCart", (request, caller) -> {
            CartState cart = carts.initialState();
            long version = 0;
            for (EventEnvelope envelope : store.read(CartEvents.streamOf(caller.userId()), 1)) {
                cart = carts.evolve(cart, CartEvents.CODEC.fromEnvelope(envelope));
                version = envelope.version();
            }
            ObjectNode body = EnvelopeJson.mapper().createObjectNode();
            ArrayNode items = body.putArray("items");
            for (CartLine line : cart.lines().values()) {
                items.add((ObjectNode) EnvelopeJson.mapper().valueToTree(line));
            }
            body.put("version", version);
            return ApiResponses.json(200, body);
        });
    }

    /** {@code GET /orders}. */
    public HttpEndpoint listOrders() {
        return endpoint("listOrders", (request, caller) -> {
            String scope = "orders?buyer=" + caller.userId();
            return ApiResponses.json(
                    200, pageBody(orders.pageOfBuyer(caller.userId(), limit(request), start(request, scope)), scope));
        });
    }

    /** {@code GET /orders/{id}}. */
    public HttpEndpoint getOrder() {
        return endpoint("getOrder", (request, caller) -> {
            String orderId = id(request.pathParameter("id"), "id");
            Optional<Order> order = orders.find(orderId).filter(o -> mayRead(caller, o));
            if (order.isEmpty()) {
                throw CommandException.notFound("No order " + orderId);
            }
            return ApiResponses.json(
                    200, orders.json(orderId).orElseThrow(() -> CommandException.notFound("No order " + orderId)));
        });
    }

    /** {@code GET /catalog/brands/{id}/orders}. */
    public HttpEndpoint listBrandOrders() {
        return endpoint("listBrandOrders", (request, caller) -> {
            String brandId = id(request.pathParameter("id"), "id");
            if (!caller.isAdmin() && !withMemberships(caller).isMember("brand", brandId, OrderDecider.TEAM)) {
                throw CommandException.forbidden("Only the brand's owner and moderators see its orders");
            }
            String scope = "brand-orders?brand=" + brandId;
            return ApiResponses.json(
                    200, pageBody(orders.pageOfBrand(brandId, limit(request), start(request, scope)), scope));
        });
    }

    private boolean mayRead(Caller caller, Order order) {
        if (caller.userId().equals(order.buyerId()) || caller.isAdmin()) {
            return true;
        }
        Caller member = withMemberships(caller);
        return order.brandIds().stream().anyMatch(b -> member.isMember("brand", b, OrderDecider.TEAM));
    }

    private Caller withMemberships(Caller caller) {
        return new Caller(caller.userId(), caller.roles(), Set.copyOf(memberships.ofUser(caller.userId())));
    }

    private HttpEndpoint endpoint(
            String name, java.util.function.BiFunction<HttpRequest, Caller, APIGatewayV2HTTPResponse> handler) {
        Function<HttpRequest, APIGatewayV2HTTPResponse> authenticated = request -> {
            Principal principal = authenticator.require(request);
            return readYourWrites.await(request).orElseGet(() -> handler.apply(request, Caller.of(principal)));
        };
        return new HttpEndpoint(name, authenticated);
    }

    private Map<String, AttributeValue> start(HttpRequest request, String scope) {
        return request.queryParameter("cursor")
                .filter(c -> !c.isEmpty())
                .map(c -> cursors.decode(scope, c))
                .orElse(null);
    }

    private ObjectNode pageBody(Page page, String scope) {
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.putArray("items").addAll(page.items());
        if (page.lastEvaluatedKey().isEmpty()) {
            body.putNull("cursor");
        } else {
            body.put("cursor", cursors.encode(scope, page.lastEvaluatedKey()));
        }
        return body;
    }

    private static int limit(HttpRequest request) {
        Optional<String> limit = request.queryParameter("limit");
        if (limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        if (!limit.get().matches("[0-9]{1,3}")) {
            throw CommandException.validation(Map.of("limit", "must be an integer from 1 to " + MAX_LIMIT));
        }
        int n = Integer.parseInt(limit.get());
        if (n < 1 || n > MAX_LIMIT) {
            throw CommandException.validation(Map.of("limit", "must be an integer from 1 to " + MAX_LIMIT));
        }
        return n;
    }

    private static String id(Optional<String> value, String field) {
        return value.filter(v -> ID.matcher(v).matches())
                .orElseThrow(() -> CommandException.validation(Map.of(field, "must be an id")));
    }
}
