package dev.antipop.catalog;

import static dev.antipop.runtime.context.FieldSpec.Type.ID;

import dev.antipop.catalog.brand.BrandEvents;
import dev.antipop.catalog.product.ProductDecider;
import dev.antipop.catalog.product.ProductEvents;
import dev.antipop.catalog.view.BrandsView;
import dev.antipop.catalog.view.ProductsView;
import dev.antipop.runtime.context.BoundedContext;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.MembershipProjection;
import dev.antipop.runtime.context.MembershipRule;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.context.StreamSpec;
import dev.antipop.runtime.context.SubjectGrant;
import dev.antipop.runtime.projection.ViewProjection;
import java.util.List;

/**
 * The catalog context's descriptor: brands with their moderator invite flow (stream {@code brand-<id>}) and products
 * with variants and inventory (stream {@code product-<id>}); payloads as DESIGN.md section 10 states them.
 *
 * <p>Topics: brand events on {@code brand.<brandId>.events}, which the brand's owner and moderators may subscribe to;
 * product events on {@code catalog.product.<productId>} (anyone signed in) while the product is published and for
 * the publish and unpublish themselves, and on the brand's topic while it is a draft ({@link ProductEvents#topicOf}).
 * The product events' declared topic below is the public one.
 *
 * <p>Reservations ({@code RESERVE_INVENTORY}, {@code RELEASE_INVENTORY}) are internal commands of commerce's order
 * process (Lambda Invoke); their events go to the brand's topic, as they name orders.
 *
 * <p>Memberships: {@code brand_created} makes the owner {@code owner}, {@code moderator_invite_accepted} makes the
 * invitee {@code moderator}; {@code moderator_removed} withdraws a moderator and {@code brand_deleted} the owner
 * ({@code DELETE_BRAND} removes every moderator first, with one {@code moderator_removed} each).
 */
public final class CatalogContext implements BoundedContext {

    /** The membership scope of brands. */
    public static final String BRAND_SCOPE = "brand";

    /** Highest order line index a reservation names (commerce carts hold at most 50 lines). */
    public static final int MAX_ORDER_LINE = 49;

    /** Most units one reservation holds (a cart line's quantity is at most 99). */
    public static final int MAX_RESERVED_QUANTITY = 99;

    private static final String BRAND_TOPIC = "brand.{brandId}.events";
    private static final String PRODUCT_TOPIC = "catalog.product.{productId}";

    /** The descriptor. */
    public static final ContextDescriptor DESCRIPTOR = new ContextDescriptor(
            "catalog",
            CatalogFunctions.class,
            "catalogProcessor",
            List.of(
                    CommandSpec.user(
                            "CREATE_BRAND",
                            "brand",
                            "Create a brand; you become its owner",
                            FieldSpec.string("name", true, 1, 100),
                            FieldSpec.string("description", false, 0, 2000)),
                    CommandSpec.user(
                            "UPDATE_BRAND",
                            "brand",
                            "Rename or describe a brand (owner)",
                            FieldSpec.required("brandId", ID),
                            FieldSpec.string("name", false, 1, 100),
                            FieldSpec.string("description", false, 0, 2000)),
                    CommandSpec.user(
                            "DELETE_BRAND",
                            "brand",
                            "Delete a brand and unpublish its products (owner)",
                            FieldSpec.required("brandId", ID)),
                    CommandSpec.user(
                            "INVITE_MODERATOR",
                            "brand",
                            "Invite a user, by id or email, to moderate the brand's products for 7 days (owner)",
                            FieldSpec.required("brandId", ID),
                            FieldSpec.optional("userId", ID),
                            new FieldSpec("email", FieldSpec.Type.EMAIL, false, null, 254L, List.of())),
                    CommandSpec.user(
                            "ACCEPT_MODERATOR_INVITE",
                            "brand",
                            "Accept an invite (the invitee)",
                            FieldSpec.required("brandId", ID),
                            FieldSpec.required("inviteId", ID)),
                    CommandSpec.user(
                            "DECLINE_MODERATOR_INVITE",
                            "brand",
                            "Decline an invite (the invitee)",
                            FieldSpec.required("brandId", ID),
                            FieldSpec.required("inviteId", ID)),
                    CommandSpec.user(
                            "REVOKE_MODERATOR_INVITE",
                            "brand",
                            "Withdraw a pending invite (owner)",
                            FieldSpec.required("brandId", ID),
                            FieldSpec.required("inviteId", ID)),
                    CommandSpec.user(
                            "REMOVE_MODERATOR",
                            "brand",
                            "Remove a moderator (owner)",
                            FieldSpec.required("brandId", ID),
                            FieldSpec.required("userId", ID)),
                    CommandSpec.user(
                            "CREATE_PRODUCT",
                            "product",
                            "Create a draft product under a brand (owner or moderator)",
                            FieldSpec.required("brandId", ID),
                            FieldSpec.string("name", true, 1, 200),
                            FieldSpec.string("description", false, 0, 5000)),
                    CommandSpec.user(
                            "UPDATE_PRODUCT",
                            "product",
                            "Rename or describe a product (owner or moderator)",
                            FieldSpec.required("productId", ID),
                            FieldSpec.string("name", false, 1, 200),
                            FieldSpec.string("description", false, 0, 5000)),
                    CommandSpec.user(
                            "ADD_VARIANT",
                            "product",
                            "Add a variant: sku unique in the brand, price, options (owner or moderator)",
                            FieldSpec.required("productId", ID),
                            FieldSpec.string("sku", true, 1, 64),
                            FieldSpec.required("price", FieldSpec.Type.MONEY),
                            FieldSpec.optional("options", FieldSpec.Type.OBJECT)),
                    CommandSpec.user(
                            "UPDATE_VARIANT",
                            "product",
                            "Change a variant's price or options (owner or moderator)",
                            FieldSpec.required("productId", ID),
                            FieldSpec.required("variantId", ID),
                            FieldSpec.optional("price", FieldSpec.Type.MONEY),
                            FieldSpec.optional("options", FieldSpec.Type.OBJECT)),
                    CommandSpec.user(
                            "REMOVE_VARIANT",
                            "product",
                            "Remove a variant (owner or moderator)",
                            FieldSpec.required("productId", ID),
                            FieldSpec.required("variantId", ID)),
                    CommandSpec.user(
                            "ADJUST_INVENTORY",
                            "product",
                            "Add or take stock; it never goes below zero (owner or moderator)",
                            FieldSpec.required("productId", ID),
                            FieldSpec.required("variantId", ID),
                            FieldSpec.integer("delta", true, -CatalogCommands.MAX_DELTA, CatalogCommands.MAX_DELTA),
                            FieldSpec.string("reason", true, 1, 200)),
                    CommandSpec.user(
                            "PUBLISH_PRODUCT",
                            "product",
                            "Publish a product with at least one priced variant (owner or moderator)",
                            FieldSpec.required("productId", ID)),
                    CommandSpec.user(
                            "UNPUBLISH_PRODUCT",
                            "product",
                            "Take a product off the public catalog (owner or moderator)",
                            FieldSpec.required("productId", ID)),
                    CommandSpec.internal(
                            "RESERVE_INVENTORY",
                            "product",
                            "Hold stock for an order line, once per (orderId, line) (commerce's order process)",
                            FieldSpec.required("productId", ID),
                            FieldSpec.required("variantId", ID),
                            FieldSpec.required("orderId", ID),
                            FieldSpec.integer("line", true, 0, MAX_ORDER_LINE),
                            FieldSpec.integer("quantity", true, 1, MAX_RESERVED_QUANTITY)),
                    CommandSpec.internal(
                            "RELEASE_INVENTORY",
                            "product",
                            "Give back the stock an order line holds, once (commerce's order process)",
                            FieldSpec.required("productId", ID),
                            FieldSpec.required("variantId", ID),
                            FieldSpec.required("orderId", ID),
                            FieldSpec.integer("line", true, 0, MAX_ORDER_LINE))),
            List.of(
                    EventSpec.of(BrandEvents.BRAND_CREATED, BRAND_TOPIC),
                    EventSpec.of(BrandEvents.BRAND_UPDATED, BRAND_TOPIC),
                    EventSpec.of(BrandEvents.BRAND_DELETED, BRAND_TOPIC),
                    EventSpec.of(BrandEvents.MODERATOR_INVITED, BRAND_TOPIC),
                    EventSpec.of(BrandEvents.MODERATOR_INVITE_ACCEPTED, BRAND_TOPIC),
                    EventSpec.of(BrandEvents.MODERATOR_INVITE_DECLINED, BRAND_TOPIC),
                    EventSpec.of(BrandEvents.MODERATOR_INVITE_REVOKED, BRAND_TOPIC),
                    EventSpec.of(BrandEvents.MODERATOR_REMOVED, BRAND_TOPIC),
                    EventSpec.of(ProductEvents.PRODUCT_CREATED, BRAND_TOPIC),
                    EventSpec.of(ProductEvents.PRODUCT_UPDATED, PRODUCT_TOPIC),
                    EventSpec.of(ProductEvents.VARIANT_ADDED, PRODUCT_TOPIC),
                    EventSpec.of(ProductEvents.VARIANT_UPDATED, PRODUCT_TOPIC),
                    EventSpec.of(ProductEvents.VARIANT_REMOVED, PRODUCT_TOPIC),
                    EventSpec.of(ProductEvents.INVENTORY_ADJUSTED, PRODUCT_TOPIC),
                    EventSpec.of(ProductEvents.INVENTORY_RESERVED, BRAND_TOPIC),
                    EventSpec.of(ProductEvents.INVENTORY_RELEASED, BRAND_TOPIC),
                    EventSpec.of(ProductEvents.PRODUCT_PUBLISHED, PRODUCT_TOPIC),
                    EventSpec.of(ProductEvents.PRODUCT_UNPUBLISHED, PRODUCT_TOPIC)),
            List.of(new StreamSpec("brand.{id}.events", "brand-{id}")),
            List.of(
                    SubjectGrant.toMembers(
                            BRAND_SCOPE, "brand.{id}.events", ProductDecider.OWNER, ProductDecider.MODERATOR),
                    SubjectGrant.toRole("*", "catalog.product.*")),
            List.of(
                    MembershipRule.grants(
                            BrandEvents.BRAND_CREATED, BRAND_SCOPE, "brandId", "ownerId", ProductDecider.OWNER),
                    MembershipRule.grants(
                            BrandEvents.MODERATOR_INVITE_ACCEPTED,
                            BRAND_SCOPE,
                            "brandId",
                            "userId",
                            ProductDecider.MODERATOR),
                    MembershipRule.withdraws(BrandEvents.MODERATOR_REMOVED, BRAND_SCOPE, "brandId", "userId"),
                    MembershipRule.withdraws(BrandEvents.BRAND_DELETED, BRAND_SCOPE, "brandId", "ownerId")),
            List.of(
                    QuerySpec.get("/catalog/brands", "listBrands", "Brands, a page at a time (?cursor=)"),
                    QuerySpec.get("/catalog/brands/{id}", "getBrand", "One brand with its owner and moderators"),
                    QuerySpec.get(
                            "/catalog/products",
                            "listProducts",
                            "Products (?brand=&cursor=): published ones, and drafts for the brand's team"),
                    QuerySpec.get(
                            "/catalog/products/{id}",
                            "getProduct",
                            "One product with its variants, prices and stock (a draft for its team only)")));

    @Override
    public ContextDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * The memberships (brand owners and moderators), brands and products views; the notification and inventory
     * policies are never replayed.
     */
    @Override
    public List<ViewProjection> views() {
        return List.of(
                MembershipProjection.view(DESCRIPTOR),
                ViewProjection.of("brands", "BRANDS_TABLE", (dynamoDb, tables) -> {
                    BrandsView brands = new BrandsView(dynamoDb, tables.apply("BRANDS_TABLE"));
                    return event -> {
                        if (event.stream().startsWith(BrandEvents.STREAM_PREFIX)) {
                            brands.project(event);
                        }
                    };
                }),
                ViewProjection.of("products", "PRODUCTS_TABLE", (dynamoDb, tables) -> {
                    ProductsView products = new ProductsView(dynamoDb, tables.apply("PRODUCTS_TABLE"));
                    return event -> {
                        if (event.stream().startsWith(ProductEvents.STREAM_PREFIX)) {
                            products.project(event);
                        }
                    };
                }));
    }
}
