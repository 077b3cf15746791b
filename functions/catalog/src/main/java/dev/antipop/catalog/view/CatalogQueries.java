package dev.antipop.catalog.view;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.catalog.CatalogContext;
import dev.antipop.catalog.product.ProductDecider;
import dev.antipop.core.auth.Membership;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.Cursors;
import dev.antipop.runtime.http.HttpEndpoint;
import dev.antipop.runtime.http.HttpRequest;
import dev.antipop.runtime.http.ReadYourWrites;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The catalog's read routes (the descriptor's queries). Every one first honours read-your-writes ({@code
 * ?position=<stream>:<version>}, {@link ReadYourWrites}: at most 5 s, then {@code 503} with {@code Retry-After}).
 *
 * <ul>
 *   <li>{@code GET /catalog/brands?limit=&cursor=}: {@code {"items":[brand…],"cursor":"…"|null}}
 *   <li>{@code GET /catalog/brands/{id}}: the brand, or {@code 404 not_found}
 *   <li>{@code GET /catalog/products?brand=&limit=&cursor=}: published products for everyone; with {@code brand},
 *       drafts too for its owner and moderators (the caller's memberships, from the memberships table) and admins
 *   <li>{@code GET /catalog/products/{id}}: the product; a draft only for its brand's team, {@code 404} for others
 * </ul>
 *
 * <p>A bearer token is optional on every route (an invalid one is {@code 401}). {@code limit} is 1–100 (default
 * {@value #DEFAULT_LIMIT}); cursors are opaque and signed ({@link Cursors}), and one from another query is {@code 400}.
 */
public final class CatalogQueries {

    /** Items per page when the client names no {@code limit}. */
    public static final int DEFAULT_LIMIT = 25;

    /** Most items per page. */
    public static final int MAX_LIMIT = 100;

    private static final Pattern ID = Pattern.compile("[0-9]{1,20}");

    private final BrandsView brands;
    private final ProductsView products;
    private final MembershipStore memberships;
    private final Authenticator authenticator;
    private final Cursors cursors;
    private final ReadYourWrites readYourWrites;

    /**
     * @param memberships the memberships table (who sees drafts)
     * @param readYourWrites positions of the catalog processor
     */
    public CatalogQueries(
            BrandsView brands,
            ProductsView products,
            MembershipStore memberships,
            Authenticator authenticator,
            Cursors cursors,
            ReadYourWrites readYourWrites) {
        this.brands = brands;
        this.products = products;
        this.memberships = memberships;
        this.authenticator = authenticator;
        this.cursors = cursors;
        this.readYourWrites = readYourWrites;
    }

    /** {@code GET /catalog/brands}. */
    public HttpEndpoint listBrands() {
        return endpoint("listBrands", request -> {
            String scope = "brands";
            Page page = brands.page(limit(request), start(request, scope));
            return ok(pageBody(page, scope));
        });
    }

    /** {@code GET /catalog/brands/{id}}. */
    public HttpEndpoint getBrand() {
        return endpoint("getBrand", request -> {
            String brandId = id(request.pathParameter("id"), "id");
            return ok(brands.find(brandId).orElseThrow(() -> CommandException.notFound("No brand " + brandId)));
        });
    }

    /** {@code GET /catalog/products}. */
    public HttpEndpoint listProducts() {
        return endpoint("listProducts", request -> {
            Optional<String> brand = request.queryParameter("brand").filter(b -> !b.isEmpty());
            if (brand.isEmpty()) {
                String scope = "products";
                return ok(pageBody(products.pageOfPublished(limit(request), start(request, scope)), scope));
            }
            String brandId = id(brand, "brand");
            boolean drafts = isTeam(authenticator.optional(request), brandId);
            String scope = "products?brand=" + brandId + "&drafts=" + drafts;
            return ok(pageBody(products.pageOfBrand(brandId, drafts, limit(request), start(request, scope)), scope));
        });
    }

    /** {@code GET /catalog/products/{id}}. */
    public HttpEndpoint getProduct() {
        return endpoint("getProduct", request -> {
            String productId = id(request.pathParameter("id"), "id");
            Optional<Principal> caller = authenticator.optional(request);
            return ok(products.find(productId)
                    .filter(p -> ProductsView.PUBLISHED.equals(p.get("status").asText())
                            || isTeam(caller, p.get("brandId").asText()))
                    .orElseThrow(() -> CommandException.notFound("No product " + productId)));
        });
    }

    private HttpEndpoint endpoint(String name, Function<HttpRequest, APIGatewayV2HTTPResponse> handler) {
        return new HttpEndpoint(name, request -> {
            // Every route, even one that does not need the caller: a presented token that is invalid is 401.
            authenticator.optional(request);
            return readYourWrites.await(request).orElseGet(() -> handler.apply(request));
        });
    }

    private boolean isTeam(Optional<Principal> caller, String brandId) {
        if (caller.isEmpty()) {
            return false;
        }
        if (caller.get().hasRole("admin")) {
            return true;
        }
        List<Membership> held = memberships.ofUser(caller.get().userId());
        return held.stream()
                .anyMatch(m -> m.scope().equals(CatalogContext.BRAND_SCOPE)
                        && m.id().equals(brandId)
                        && (m.role().equals(ProductDecider.OWNER) || m.role().equals(ProductDecider.MODERATOR)));
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

    private static APIGatewayV2HTTPResponse ok(Object body) {
        return ApiResponses.json(200, body);
    }
}
