package dev.antipop.catalog.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.catalog.CatalogContext;
import dev.antipop.catalog.brand.BrandEvent;
import dev.antipop.catalog.brand.BrandEvents;
import dev.antipop.catalog.product.ProductCommand;
import dev.antipop.catalog.product.ProductEvent;
import dev.antipop.catalog.product.ProductEvents;
import dev.antipop.catalog.product.ProductState;
import dev.antipop.catalog.view.Page;
import dev.antipop.catalog.view.ProductsView;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.decider.CommandHandler;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.runtime.command.Notifier;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The catalog processor's policies: reactions to catalog events that issue commands.
 *
 * <ul>
 *   <li>{@code brand_deleted} → {@code UnpublishForDeletedBrand} on each of the brand's products (all those the
 *       products view lists, drafts included: the product's own stream decides, so a publish the view has not caught
 *       up with is unpublished too). Idempotent: an unpublished product decides nothing.
 *   <li>{@code moderator_invited} → notification to the invitee ({@code moderator_invited}).
 *   <li>{@code moderator_invite_accepted} / {@code _declined} → notification to the owner.
 *   <li>{@code product_published} → notification to each member of the brand's team but the one who published it
 *       ({@link MembershipStore#members}).
 * </ul>
 */
public final class CatalogPolicies {

    private static final int PAGE = 100;

    private final ProductsView products;
    private final CommandHandler<ProductCommand, ProductEvent, ProductState> productHandler;
    private final MembershipStore memberships;
    private final Notifier notifier;
    private final Supplier<String> ids;

    /**
     * @param productHandler runs the unpublish commands on product streams
     * @param ids command ids of the commands it issues
     */
    public CatalogPolicies(
            ProductsView products,
            CommandHandler<ProductCommand, ProductEvent, ProductState> productHandler,
            MembershipStore memberships,
            Notifier notifier,
            Supplier<String> ids) {
        this.products = products;
        this.productHandler = productHandler;
        this.memberships = memberships;
        this.notifier = notifier;
        this.ids = ids;
    }

    /** Runs the policies of {@code envelope} (none for most event types). */
    public void react(EventEnvelope envelope) {
        if (envelope.stream().startsWith(BrandEvents.STREAM_PREFIX)) {
            react(envelope, BrandEvents.CODEC.fromEnvelope(envelope));
        } else if (envelope.stream().startsWith(ProductEvents.STREAM_PREFIX)
                && ProductEvents.CODEC.fromEnvelope(envelope) instanceof ProductEvent.ProductPublished published) {
            String publisher = envelope.meta() == null ? null : envelope.meta().userId();
            memberships.members(CatalogContext.BRAND_SCOPE, published.brandId()).keySet().stream()
                    .filter(member -> !member.equals(publisher))
                    .sorted()
                    .forEach(member -> notifier.notify(
                            member,
                            "product_published",
                            envelope,
                            "A product of your brand was published",
                            data("brandId", published.brandId(), "productId", published.productId())));
        }
    }

    private void react(EventEnvelope envelope, BrandEvent event) {
        switch (event) {
            case BrandEvent.ModeratorInvited invited ->
                notifier.notify(
                        invited.userId(),
                        "moderator_invited",
                        envelope,
                        "You are invited to moderate a brand",
                        data("brandId", invited.brandId(), "inviteId", invited.inviteId()));
            case BrandEvent.ModeratorInviteAccepted accepted ->
                notifier.notify(
                        accepted.ownerId(),
                        "moderator_invite_accepted",
                        envelope,
                        "Your moderator invite was accepted",
                        data(
                                "brandId",
                                accepted.brandId(),
                                "inviteId",
                                accepted.inviteId(),
                                "userId",
                                accepted.userId()));
            case BrandEvent.ModeratorInviteDeclined declined ->
                notifier.notify(
                        declined.ownerId(),
                        "moderator_invite_declined",
                        envelope,
                        "Your moderator invite was declined",
                        data(
                                "brandId",
                                declined.brandId(),
                                "inviteId",
                                declined.inviteId(),
                                "userId",
                                declined.userId()));
            case BrandEvent.BrandDeleted deleted -> unpublishProducts(envelope, deleted.brandId());
            case BrandEvent.BrandCreated created -> {}
            case BrandEvent.BrandUpdated updated -> {}
            case BrandEvent.ModeratorInviteRevoked revoked -> {}
            case BrandEvent.ModeratorRemoved removed -> {}
        }
    }

    private void unpublishProducts(EventEnvelope envelope, String brandId) {
        Map<String, AttributeValue> start = null;
        do {
            Page page = products.pageOfBrand(brandId, true, PAGE, start);
            for (ObjectNode product : page.items()) {
                String productId = product.get("productId").asText();
                CommandMeta meta = new CommandMeta(
                        ids.get(),
                        null,
                        envelope.meta() == null ? null : envelope.meta().correlationId(),
                        envelope.eventId(),
                        null);
                productHandler.handle(
                        ProductEvents.streamOf(productId), new ProductCommand.UnpublishForDeletedBrand(brandId), meta);
            }
            start = page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
        } while (start != null);
    }

    private static ObjectNode data(String... namesAndValues) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            data.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return data;
    }
}
