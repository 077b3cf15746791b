package dev.antipop.catalog.product;

import dev.antipop.catalog.product.ProductCommand.AddVariant;
import dev.antipop.catalog.product.ProductCommand.AdjustInventory;
import dev.antipop.catalog.product.ProductCommand.CreateProduct;
import dev.antipop.catalog.product.ProductCommand.PublishProduct;
import dev.antipop.catalog.product.ProductCommand.ReleaseInventory;
import dev.antipop.catalog.product.ProductCommand.RemoveVariant;
import dev.antipop.catalog.product.ProductCommand.ReserveInventory;
import dev.antipop.catalog.product.ProductCommand.UnpublishForDeletedBrand;
import dev.antipop.catalog.product.ProductCommand.UnpublishProduct;
import dev.antipop.catalog.product.ProductCommand.UpdateProduct;
import dev.antipop.catalog.product.ProductCommand.UpdateVariant;
import dev.antipop.catalog.product.ProductEvent.InventoryAdjusted;
import dev.antipop.catalog.product.ProductEvent.InventoryReleased;
import dev.antipop.catalog.product.ProductEvent.InventoryReserved;
import dev.antipop.catalog.product.ProductEvent.ProductCreated;
import dev.antipop.catalog.product.ProductEvent.ProductPublished;
import dev.antipop.catalog.product.ProductEvent.ProductUnpublished;
import dev.antipop.catalog.product.ProductEvent.ProductUpdated;
import dev.antipop.catalog.product.ProductEvent.VariantAdded;
import dev.antipop.catalog.product.ProductEvent.VariantRemoved;
import dev.antipop.catalog.product.ProductEvent.VariantUpdated;
import dev.antipop.catalog.product.ProductState.Details;
import dev.antipop.catalog.product.ProductState.Draft;
import dev.antipop.catalog.product.ProductState.None;
import dev.antipop.catalog.product.ProductState.Published;
import dev.antipop.catalog.product.ProductState.Variant;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The product aggregate's decisions (issue 9, "Products"). Pure.
 *
 * <ul>
 *   <li>Who: the brand's {@code owner} or a {@code moderator} (from the caller's memberships, resolved once per
 *       command), or an admin; anyone else is {@code forbidden}. A missing product is {@code not_found}.
 *   <li>{@code ADD_VARIANT}: the sku is unique per brand: within the product a {@code conflict} here, across the
 *       brand's products the claim {@code sku#<brandId>#<sku>} (written in the append transaction) answers {@code
 *       409} with field {@code sku}. A claim is never released: a removed variant's sku stays reserved in its brand
 *       (orders and stock reports may still name it).
 *   <li>{@code ADJUST_INVENTORY}: stock never goes below zero; a delta that would is a {@code conflict} (a
 *       rejection, not a clamp).
 *   <li>{@code PUBLISH_PRODUCT} needs at least one priced variant ({@code conflict} otherwise; every variant carries
 *       a price, so this means at least one variant); publishing a published product decides nothing, as does
 *       unpublishing a draft.
 *   <li>An update that changes nothing decides nothing.
 *   <li>{@code RESERVE_INVENTORY} / {@code RELEASE_INVENTORY} (internal, commerce's order process): see {@link
 *       Reservations}.
 * </ul>
 */
public final class ProductDecider implements Decider<ProductCommand, ProductEvent, ProductState> {

    /** The membership roles that manage a brand's products. */
    public static final String OWNER = "owner";

    /** See {@link #OWNER}. */
    public static final String MODERATOR = "moderator";

    @Override
    public ProductState initialState() {
        return new None();
    }

    @Override
    public List<ProductEvent> decide(ProductCommand command, ProductState state) {
        return switch (command) {
            case CreateProduct create -> {
                if (!(state instanceof None)) {
                    throw CommandException.conflict("Product " + create.productId() + " already exists");
                }
                requireTeam(create.caller(), create.brandId());
                yield List.of(
                        new ProductCreated(create.productId(), create.brandId(), create.name(), create.description()));
            }
            case UpdateProduct update -> {
                Details product = managed(state, update.caller());
                String name = update.name() != null ? update.name() : product.name();
                String description = update.description() != null ? update.description() : product.description();
                yield name.equals(product.name()) && Objects.equals(description, product.description())
                        ? List.of()
                        : List.of(new ProductUpdated(
                                product.productId(), product.brandId(), name, description, isPublished(state)));
            }
            case AddVariant add -> {
                Details product = managed(state, add.caller());
                boolean taken = product.variants().values().stream()
                        .anyMatch(v -> v.sku().equals(add.sku()));
                if (taken) {
                    throw CommandException.conflict("sku is already taken", Map.of("sku", "is already taken"));
                }
                yield List.of(new VariantAdded(
                        product.productId(),
                        product.brandId(),
                        add.variantId(),
                        add.sku(),
                        add.price(),
                        add.options() == null ? Map.of() : add.options(),
                        isPublished(state)));
            }
            case UpdateVariant update -> {
                Details product = managed(state, update.caller());
                Variant variant = variant(product, update.variantId());
                Money price = update.price() != null ? update.price() : variant.price();
                Map<String, String> options = update.options() != null ? update.options() : variant.options();
                yield price.equals(variant.price()) && options.equals(variant.options())
                        ? List.of()
                        : List.of(new VariantUpdated(
                                product.productId(),
                                product.brandId(),
                                variant.variantId(),
                                price,
                                options,
                                isPublished(state)));
            }
            case RemoveVariant remove -> {
                Details product = managed(state, remove.caller());
                Variant variant = variant(product, remove.variantId());
                if (state instanceof Published && product.variants().size() == 1) {
                    throw CommandException.conflict(
                            "A published product keeps at least one priced variant; unpublish it first");
                }
                yield List.of(new VariantRemoved(
                        product.productId(),
                        product.brandId(),
                        variant.variantId(),
                        variant.sku(),
                        isPublished(state)));
            }
            case AdjustInventory adjust -> {
                Details product = managed(state, adjust.caller());
                Variant variant = variant(product, adjust.variantId());
                long stock = variant.stock() + adjust.delta();
                if (stock < 0) {
                    throw CommandException.conflict(
                            "Stock of " + variant.sku() + " is " + variant.stock() + "; it cannot go below zero",
                            Map.of("delta", "would take the stock below zero"));
                }
                yield List.of(new InventoryAdjusted(
                        product.productId(),
                        product.brandId(),
                        variant.variantId(),
                        adjust.delta(),
                        adjust.reason(),
                        stock,
                        isPublished(state)));
            }
            case PublishProduct publish -> {
                Details product = managed(state, publish.caller());
                if (state instanceof Published) {
                    yield List.of();
                }
                if (product.variants().isEmpty()) {
                    throw CommandException.conflict(
                            "A product needs at least one priced variant to be published",
                            Map.of("productId", "has no priced variant"));
                }
                yield List.of(new ProductPublished(product.productId(), product.brandId()));
            }
            case UnpublishProduct unpublish -> {
                Details product = managed(state, unpublish.caller());
                yield state instanceof Published
                        ? List.of(new ProductUnpublished(product.productId(), product.brandId(), "unpublished"))
                        : List.of();
            }
            case ReserveInventory reserve -> Reservations.reserve(reserve, state);
            case ReleaseInventory release -> Reservations.release(release, state);
            case UnpublishForDeletedBrand deleted ->
                state instanceof Published(Details product) && product.brandId().equals(deleted.brandId())
                        ? List.of(new ProductUnpublished(product.productId(), product.brandId(), "brand_deleted"))
                        : List.of();
        };
    }

    @Override
    public ProductState evolve(ProductState state, ProductEvent event) {
        return switch (event) {
            case ProductCreated created ->
                new Draft(new Details(
                        created.productId(), created.brandId(), created.name(), created.description(), Map.of()));
            case ProductUpdated updated ->
                change(
                        state,
                        d -> new Details(
                                d.productId(),
                                d.brandId(),
                                updated.name(),
                                updated.description(),
                                d.variants(),
                                d.reservations()));
            case VariantAdded added ->
                variants(
                        state,
                        variants -> variants.put(
                                added.variantId(),
                                new Variant(added.variantId(), added.sku(), added.price(), added.options(), 0)));
            case VariantUpdated updated ->
                variants(
                        state,
                        variants -> variants.computeIfPresent(
                                updated.variantId(),
                                (id, v) -> new Variant(id, v.sku(), updated.price(), updated.options(), v.stock())));
            case VariantRemoved removed -> variants(state, variants -> variants.remove(removed.variantId()));
            case InventoryAdjusted adjusted ->
                variants(
                        state,
                        variants -> variants.computeIfPresent(
                                adjusted.variantId(),
                                (id, v) -> new Variant(id, v.sku(), v.price(), v.options(), adjusted.stock())));
            case InventoryReserved reserved -> Reservations.evolve(state, reserved);
            case InventoryReleased released -> Reservations.evolve(state, released);
            case ProductPublished published ->
                switch (state) {
                    case Draft(Details details) -> new Published(details);
                    case Published p -> p;
                    case None none -> none;
                };
            case ProductUnpublished unpublished ->
                switch (state) {
                    case Published(Details details) -> new Draft(details);
                    case Draft d -> d;
                    case None none -> none;
                };
        };
    }

    @Override
    public List<String> uniqueClaims(ProductEvent event) {
        return event instanceof VariantAdded added ? List.of(skuClaim(added.brandId(), added.sku())) : List.of();
    }

    /** The uniqueness claim of a sku in a brand: {@code sku#<brandId>#<sku>} (a taken one answers field {@code sku}). */
    public static String skuClaim(String brandId, String sku) {
        return "sku#" + brandId + "#" + sku;
    }

    private static boolean isPublished(ProductState state) {
        return state instanceof Published;
    }

    /** The product's details, once the caller may manage it. */
    private static Details managed(ProductState state, Caller caller) {
        Details details = switch (state) {
            case None none -> throw CommandException.notFound("No such product");
            case Draft(Details d) -> d;
            case Published(Details d) -> d;
        };
        requireTeam(caller, details.brandId());
        return details;
    }

    private static void requireTeam(Caller caller, String brandId) {
        if (!caller.isAdmin() && !caller.isMember("brand", brandId, OWNER, MODERATOR)) {
            throw CommandException.forbidden("Only the brand's owner and moderators may manage its products");
        }
    }

    private static Variant variant(Details product, String variantId) {
        Variant variant = product.variants().get(variantId);
        if (variant == null) {
            throw CommandException.notFound("No variant " + variantId + " in this product");
        }
        return variant;
    }

    static ProductState change(ProductState state, UnaryOperator<Details> change) {
        return switch (state) {
            case None none -> none;
            case Draft(Details d) -> new Draft(change.apply(d));
            case Published(Details d) -> new Published(change.apply(d));
        };
    }

    private static ProductState variants(ProductState state, java.util.function.Consumer<Map<String, Variant>> edit) {
        return change(state, d -> {
            Map<String, Variant> variants = new LinkedHashMap<>(d.variants());
            edit.accept(variants);
            return new Details(d.productId(), d.brandId(), d.name(), d.description(), variants, d.reservations());
        });
    }
}
