package dev.antipop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.catalog.product.ProductCommand.AddVariant;
import dev.antipop.catalog.product.ProductCommand.AdjustInventory;
import dev.antipop.catalog.product.ProductCommand.CreateProduct;
import dev.antipop.catalog.product.ProductCommand.PublishProduct;
import dev.antipop.catalog.product.ProductCommand.RemoveVariant;
import dev.antipop.catalog.product.ProductCommand.UnpublishForDeletedBrand;
import dev.antipop.catalog.product.ProductCommand.UnpublishProduct;
import dev.antipop.catalog.product.ProductCommand.UpdateProduct;
import dev.antipop.catalog.product.ProductCommand.UpdateVariant;
import dev.antipop.catalog.product.ProductEvent.InventoryAdjusted;
import dev.antipop.catalog.product.ProductEvent.ProductCreated;
import dev.antipop.catalog.product.ProductEvent.ProductPublished;
import dev.antipop.catalog.product.ProductEvent.ProductUnpublished;
import dev.antipop.catalog.product.ProductEvent.ProductUpdated;
import dev.antipop.catalog.product.ProductEvent.VariantAdded;
import dev.antipop.catalog.product.ProductEvent.VariantRemoved;
import dev.antipop.catalog.product.ProductEvent.VariantUpdated;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.auth.Membership;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a rejection: every rule of {@link ProductDecider}. */
class ProductDeciderTest {

    private static final String BRAND = "100";
    private static final String PRODUCT = "200";
    private static final Caller OWNER = new Caller("1", Set.of(), Set.of(new Membership("brand", BRAND, "owner")));
    private static final Caller MODERATOR =
            new Caller("2", Set.of(), Set.of(new Membership("brand", BRAND, "moderator")));
    private static final Caller OTHER_BRAND_OWNER =
            new Caller("3", Set.of(), Set.of(new Membership("brand", "101", "owner")));
    private static final Caller STRANGER = new Caller("4", Set.of("customer"), Set.of());
    private static final Money PRICE = new Money(1999, "EUR");

    private static final ProductCreated CREATED = new ProductCreated(PRODUCT, BRAND, "Anvil", "Heavy");
    private static final VariantAdded VARIANT =
            new VariantAdded(PRODUCT, BRAND, "300", "ANV-1", PRICE, Map.of("size", "L"), false);
    private static final InventoryAdjusted STOCKED =
            new InventoryAdjusted(PRODUCT, BRAND, "300", 20, "delivery", 20, false);
    private static final ProductPublished PUBLISHED = new ProductPublished(PRODUCT, BRAND);

    private final ProductDecider decider = new ProductDecider();

    private List<ProductEvent> when(List<ProductEvent> given, ProductCommand command) {
        ProductState state = decider.initialState();
        for (ProductEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> rejects(
            List<ProductEvent> given, ProductCommand command, ErrorCode code) {
        return assertThatThrownBy(() -> when(given, command))
                .isInstanceOf(CommandException.class)
                .satisfies(e -> assertThat(((CommandException) e).code()).isEqualTo(code));
    }

    @Test
    void theBrandsOwnerOrModeratorCreatesADraft() {
        assertThat(when(List.of(), new CreateProduct(OWNER, PRODUCT, BRAND, "Anvil", "Heavy")))
                .containsExactly(CREATED);
        assertThat(when(List.of(), new CreateProduct(MODERATOR, PRODUCT, BRAND, "Anvil", "Heavy")))
                .containsExactly(CREATED);
        assertThat(ProductEvents.topicOf(CREATED))
                .as("a draft's events stay on the brand's topic")
                .isEqualTo("brand.100.events");
    }

    @Test
    void nonMembersCannotCreateOrManageProducts() {
        rejects(List.of(), new CreateProduct(STRANGER, PRODUCT, BRAND, "Anvil", null), ErrorCode.FORBIDDEN);
        rejects(List.of(), new CreateProduct(OTHER_BRAND_OWNER, PRODUCT, BRAND, "Anvil", null), ErrorCode.FORBIDDEN);
        rejects(List.of(CREATED), new UpdateProduct(STRANGER, "Mine", null), ErrorCode.FORBIDDEN);
        rejects(List.of(CREATED, VARIANT), new PublishProduct(OTHER_BRAND_OWNER), ErrorCode.FORBIDDEN);
        rejects(List.of(CREATED, VARIANT), new AdjustInventory(STRANGER, "300", 5, "x"), ErrorCode.FORBIDDEN);
        Caller admin = new Caller("9", Set.of("admin"), Set.of());
        assertThat(when(List.of(CREATED), new UpdateProduct(admin, "Seized", null)))
                .hasSize(1);
    }

    @Test
    void aProductIsCreatedOnceAndMustExist() {
        rejects(List.of(CREATED), new CreateProduct(OWNER, PRODUCT, BRAND, "Again", null), ErrorCode.CONFLICT);
        rejects(List.of(), new UpdateProduct(OWNER, "X", null), ErrorCode.NOT_FOUND);
    }

    @Test
    void updatesKeepWhatIsNotGivenAndNoChangeDecidesNothing() {
        assertThat(when(List.of(CREATED), new UpdateProduct(MODERATOR, null, "Very heavy")))
                .containsExactly(new ProductUpdated(PRODUCT, BRAND, "Anvil", "Very heavy", false));
        assertThat(when(List.of(CREATED), new UpdateProduct(MODERATOR, "Anvil", null)))
                .isEmpty();
    }

    @Test
    void addVariantClaimsItsSkuInTheBrand() {
        List<ProductEvent> added =
                when(List.of(CREATED), new AddVariant(OWNER, "300", "ANV-1", PRICE, Map.of("size", "L")));
        assertThat(added).containsExactly(VARIANT);
        assertThat(decider.uniqueClaims(added.get(0))).containsExactly("sku#100#ANV-1");
    }

    @Test
    void aDuplicateSkuInTheProductIsAConflict() {
        rejects(List.of(CREATED, VARIANT), new AddVariant(OWNER, "301", "ANV-1", PRICE, null), ErrorCode.CONFLICT)
                .satisfies(e -> assertThat(((CommandException) e).fields()).containsKey("sku"));
    }

    @Test
    void updateAndRemoveVariants() {
        Money newPrice = new Money(2499, "EUR");
        assertThat(when(List.of(CREATED, VARIANT), new UpdateVariant(OWNER, "300", newPrice, null)))
                .containsExactly(new VariantUpdated(PRODUCT, BRAND, "300", newPrice, Map.of("size", "L"), false));
        assertThat(when(List.of(CREATED, VARIANT), new UpdateVariant(OWNER, "300", PRICE, null)))
                .isEmpty();
        rejects(List.of(CREATED), new UpdateVariant(OWNER, "999", newPrice, null), ErrorCode.NOT_FOUND);
        assertThat(when(List.of(CREATED, VARIANT), new RemoveVariant(OWNER, "300")))
                .containsExactly(new VariantRemoved(PRODUCT, BRAND, "300", "ANV-1", false));
        rejects(List.of(CREATED, VARIANT, PUBLISHED), new RemoveVariant(OWNER, "300"), ErrorCode.CONFLICT);
    }

    @Test
    void inventoryMovesBothWaysAndCarriesTheNewStock() {
        assertThat(when(List.of(CREATED, VARIANT), new AdjustInventory(OWNER, "300", 20, "delivery")))
                .containsExactly(STOCKED);
        assertThat(when(List.of(CREATED, VARIANT, STOCKED), new AdjustInventory(MODERATOR, "300", -20, "sold")))
                .containsExactly(new InventoryAdjusted(PRODUCT, BRAND, "300", -20, "sold", 0, false));
    }

    @Test
    void stockNeverGoesBelowZero() {
        rejects(List.of(CREATED, VARIANT, STOCKED), new AdjustInventory(OWNER, "300", -21, "sold"), ErrorCode.CONFLICT)
                .satisfies(e -> assertThat(((CommandException) e).fields()).containsKey("delta"));
        rejects(List.of(CREATED, VARIANT), new AdjustInventory(OWNER, "300", -1, "sold"), ErrorCode.CONFLICT);
        rejects(List.of(CREATED, VARIANT), new AdjustInventory(OWNER, "999", 1, "x"), ErrorCode.NOT_FOUND);
    }

    @Test
    void publishingNeedsAPricedVariant() {
        rejects(List.of(CREATED), new PublishProduct(OWNER), ErrorCode.CONFLICT).hasMessageContaining("priced variant");
        List<ProductEvent> removed =
                List.of(CREATED, VARIANT, new VariantRemoved(PRODUCT, BRAND, "300", "ANV-1", false));
        rejects(removed, new PublishProduct(OWNER), ErrorCode.CONFLICT);
        assertThat(when(List.of(CREATED, VARIANT), new PublishProduct(MODERATOR)))
                .containsExactly(PUBLISHED);
        assertThat(when(List.of(CREATED, VARIANT, PUBLISHED), new PublishProduct(OWNER)))
                .as("publishing twice decides nothing")
                .isEmpty();
    }

    @Test
    void publishedChangesGoToThePublicTopicAndDraftsDoNot() {
        List<ProductEvent> published = new ArrayList<>(List.of(CREATED, VARIANT, PUBLISHED));
        List<ProductEvent> adjusted = when(published, new AdjustInventory(OWNER, "300", 5, "delivery"));
        assertThat(adjusted).containsExactly(new InventoryAdjusted(PRODUCT, BRAND, "300", 5, "delivery", 5, true));
        assertThat(ProductEvents.topicOf(adjusted.get(0))).isEqualTo("catalog.product.200");
        assertThat(ProductEvents.topicOf(PUBLISHED)).isEqualTo("catalog.product.200");
        assertThat(ProductEvents.topicOf(STOCKED)).isEqualTo("brand.100.events");
    }

    @Test
    void unpublishingReturnsToDraftAndIsIdempotent() {
        ProductUnpublished unpublished = new ProductUnpublished(PRODUCT, BRAND, "unpublished");
        assertThat(when(List.of(CREATED, VARIANT, PUBLISHED), new UnpublishProduct(OWNER)))
                .containsExactly(unpublished);
        assertThat(ProductEvents.topicOf(unpublished))
                .as("the public learns the product is gone")
                .isEqualTo("catalog.product.200");
        assertThat(when(List.of(CREATED, VARIANT), new UnpublishProduct(OWNER))).isEmpty();
        assertThat(when(List.of(CREATED, VARIANT, PUBLISHED, unpublished), new UnpublishProduct(OWNER)))
                .isEmpty();
    }

    @Test
    void aDeletedBrandsPolicyUnpublishesOnlyItsPublishedProducts() {
        assertThat(when(List.of(CREATED, VARIANT, PUBLISHED), new UnpublishForDeletedBrand(BRAND)))
                .containsExactly(new ProductUnpublished(PRODUCT, BRAND, "brand_deleted"));
        assertThat(when(List.of(CREATED, VARIANT), new UnpublishForDeletedBrand(BRAND)))
                .isEmpty();
        assertThat(when(List.of(CREATED, VARIANT, PUBLISHED), new UnpublishForDeletedBrand("101")))
                .isEmpty();
        assertThat(when(List.of(), new UnpublishForDeletedBrand(BRAND))).isEmpty();
    }
}
