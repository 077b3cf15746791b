package dev.antipop.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.catalog.brand.BrandCommand;
import dev.antipop.catalog.brand.BrandEvent;
import dev.antipop.catalog.brand.BrandEvents;
import dev.antipop.catalog.brand.BrandState;
import dev.antipop.catalog.product.Money;
import dev.antipop.catalog.product.ProductCommand;
import dev.antipop.catalog.product.ProductEvent;
import dev.antipop.catalog.product.ProductEvents;
import dev.antipop.catalog.product.ProductState;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.store.AppendResult;
import dev.antipop.runtime.command.CommandAction;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandRequest;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The catalog's command actions: each builds its command record from a payload that {@code PayloadSchema} already
 * checked against the descriptor, with the caller resolved once (memberships included), then runs the generic
 * handler on the aggregate's stream. Checks the schema cannot express are here: {@code INVITE_MODERATOR} takes
 * exactly one of {@code userId} and {@code email} (an unknown email is {@code validation_failed}); {@code options} is
 * an object of at most {@value #MAX_OPTIONS} string values ({@value #MAX_OPTION_NAME} / {@value #MAX_OPTION_VALUE}
 * characters); {@code delta} is not zero.
 */
public final class CatalogCommands {

    /** Largest stock change of one {@code ADJUST_INVENTORY}, either way. */
    public static final long MAX_DELTA = 1_000_000;

    /** Most options of a variant. */
    public static final int MAX_OPTIONS = 20;

    /** Longest option name, in characters. */
    public static final int MAX_OPTION_NAME = 32;

    /** Longest option value, in characters. */
    public static final int MAX_OPTION_VALUE = 100;

    private final CommandHandler<BrandCommand, BrandEvent, BrandState> brands;
    private final CommandHandler<ProductCommand, ProductEvent, ProductState> products;
    private final UserLookup users;
    private final Supplier<String> ids;
    private final Clock clock;

    /**
     * @param ids new brand, product, variant and invite ids (Snowflake)
     * @param clock the time an invite is sent or answered (its expiry)
     */
    public CatalogCommands(
            CommandHandler<BrandCommand, BrandEvent, BrandState> brands,
            CommandHandler<ProductCommand, ProductEvent, ProductState> products,
            UserLookup users,
            Supplier<String> ids,
            Clock clock) {
        this.brands = brands;
        this.products = products;
        this.users = users;
        this.ids = ids;
        this.clock = clock;
    }

    /** Every catalog command with its action. */
    public CommandCatalog catalog() {
        Map<String, CommandAction> actions = new LinkedHashMap<>();
        actions.put("CREATE_BRAND", r -> {
            String brandId = ids.get();
            return brand(
                    r,
                    brandId,
                    new BrandCommand.CreateBrand(r.requireCaller(), brandId, text(r, "name"), text(r, "description")));
        });
        actions.put(
                "UPDATE_BRAND",
                r -> brand(
                        r, new BrandCommand.UpdateBrand(r.requireCaller(), text(r, "name"), text(r, "description"))));
        actions.put("DELETE_BRAND", r -> brand(r, new BrandCommand.DeleteBrand(r.requireCaller())));
        actions.put("INVITE_MODERATOR", this::inviteModerator);
        actions.put(
                "ACCEPT_MODERATOR_INVITE",
                r -> brand(
                        r,
                        new BrandCommand.AcceptModeratorInvite(
                                r.requireCaller(), text(r, "inviteId"), clock.instant())));
        actions.put(
                "DECLINE_MODERATOR_INVITE",
                r -> brand(
                        r,
                        new BrandCommand.DeclineModeratorInvite(
                                r.requireCaller(), text(r, "inviteId"), clock.instant())));
        actions.put(
                "REVOKE_MODERATOR_INVITE",
                r -> brand(r, new BrandCommand.RevokeModeratorInvite(r.requireCaller(), text(r, "inviteId"))));
        actions.put(
                "REMOVE_MODERATOR",
                r -> brand(r, new BrandCommand.RemoveModerator(r.requireCaller(), text(r, "userId"))));
        actions.put("CREATE_PRODUCT", r -> {
            String productId = ids.get();
            return products.handle(
                    ProductEvents.streamOf(productId),
                    new ProductCommand.CreateProduct(
                            r.requireCaller(), productId, text(r, "brandId"), text(r, "name"), text(r, "description")),
                    r.meta());
        });
        actions.put(
                "UPDATE_PRODUCT",
                r -> product(
                        r,
                        new ProductCommand.UpdateProduct(r.requireCaller(), text(r, "name"), text(r, "description"))));
        actions.put(
                "ADD_VARIANT",
                r -> product(
                        r,
                        new ProductCommand.AddVariant(
                                r.requireCaller(),
                                ids.get(),
                                text(r, "sku"),
                                money(r.payload().get("price")),
                                options(r))));
        actions.put(
                "UPDATE_VARIANT",
                r -> product(
                        r,
                        new ProductCommand.UpdateVariant(
                                r.requireCaller(),
                                text(r, "variantId"),
                                money(r.payload().get("price")),
                                options(r))));
        actions.put(
                "REMOVE_VARIANT",
                r -> product(r, new ProductCommand.RemoveVariant(r.requireCaller(), text(r, "variantId"))));
        actions.put("ADJUST_INVENTORY", this::adjustInventory);
        actions.put("PUBLISH_PRODUCT", r -> product(r, new ProductCommand.PublishProduct(r.requireCaller())));
        actions.put("UNPUBLISH_PRODUCT", r -> product(r, new ProductCommand.UnpublishProduct(r.requireCaller())));
        actions.put(
                "RESERVE_INVENTORY",
                r -> product(
                        r,
                        new ProductCommand.ReserveInventory(
                                text(r, "orderId"),
                                r.payload().get("line").intValue(),
                                text(r, "variantId"),
                                r.payload().get("quantity").longValue())));
        actions.put(
                "RELEASE_INVENTORY",
                r -> product(
                        r,
                        new ProductCommand.ReleaseInventory(
                                text(r, "orderId"), r.payload().get("line").intValue(), text(r, "variantId"))));
        return CommandCatalog.of(CatalogContext.DESCRIPTOR, actions);
    }

    private AppendResult inviteModerator(CommandRequest r) {
        Caller caller = r.requireCaller();
        String userId = text(r, "userId");
        String email = text(r, "email");
        if ((userId == null) == (email == null)) {
            throw CommandException.validation(Map.of("userId", "give exactly one of userId and email"));
        }
        if (email != null) {
            userId = users.userIdByEmail(email)
                    .orElseThrow(() -> CommandException.validation(Map.of("email", "is not a user's email")));
        }
        return brand(r, new BrandCommand.InviteModerator(caller, ids.get(), userId, clock.instant()));
    }

    private AppendResult adjustInventory(CommandRequest r) {
        long delta = r.payload().get("delta").longValue();
        if (delta == 0) {
            throw CommandException.validation(Map.of("delta", "must not be 0"));
        }
        return product(
                r,
                new ProductCommand.AdjustInventory(r.requireCaller(), text(r, "variantId"), delta, text(r, "reason")));
    }

    private AppendResult brand(CommandRequest r, BrandCommand command) {
        return brand(r, text(r, "brandId"), command);
    }

    private AppendResult brand(CommandRequest r, String brandId, BrandCommand command) {
        return brands.handle(BrandEvents.streamOf(brandId), command, r.meta());
    }

    private AppendResult product(CommandRequest r, ProductCommand command) {
        return products.handle(ProductEvents.streamOf(text(r, "productId")), command, r.meta());
    }

    /** A string field of the checked payload; null when absent. */
    private static String text(CommandRequest r, String field) {
        JsonNode node = r.payload().get(field);
        return node == null || node.isNull() ? null : node.textValue();
    }

    /** A money field the schema checked; null when absent. */
    private static Money money(JsonNode node) {
        return node == null || node.isNull()
                ? null
                : new Money(node.get("amount").longValue(), node.get("currency").textValue());
    }

    /** The {@code options} object as names to string values; null when absent. */
    private static Map<String, String> options(CommandRequest r) {
        JsonNode node = r.payload().get("options");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.size() > MAX_OPTIONS) {
            throw CommandException.validation(Map.of("options", "must have at most " + MAX_OPTIONS + " entries"));
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            String name = option.getKey();
            JsonNode value = option.getValue();
            if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_OPTION_NAME) {
                throw CommandException.validation(
                        Map.of("options", "names must be 1 to " + MAX_OPTION_NAME + " characters"));
            }
            if (!value.isTextual()
                    || value.textValue().codePointCount(0, value.textValue().length()) > MAX_OPTION_VALUE
                    || value.textValue().chars().anyMatch(c -> c < 0x20)) {
                throw CommandException.validation(
                        Map.of("options", "values must be strings of at most " + MAX_OPTION_VALUE + " characters"));
            }
            options.put(name, value.textValue());
        }
        return options;
    }
}
