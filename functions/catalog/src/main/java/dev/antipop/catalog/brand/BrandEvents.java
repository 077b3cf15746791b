package dev.antipop.catalog.brand;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;

/** The brand aggregate's event types, stream and topic. */
public final class BrandEvents {

    /** {@code catalog.brand_created}. */
    public static final String BRAND_CREATED = "catalog.brand_created";
    /** {@code catalog.brand_updated}. */
    public static final String BRAND_UPDATED = "catalog.brand_updated";
    /** {@code catalog.brand_deleted}. */
    public static final String BRAND_DELETED = "catalog.brand_deleted";
    /** {@code catalog.moderator_invited}. */
    public static final String MODERATOR_INVITED = "catalog.moderator_invited";
    /** {@code catalog.moderator_invite_accepted}. */
    public static final String MODERATOR_INVITE_ACCEPTED = "catalog.moderator_invite_accepted";
    /** {@code catalog.moderator_invite_declined}. */
    public static final String MODERATOR_INVITE_DECLINED = "catalog.moderator_invite_declined";
    /** {@code catalog.moderator_invite_revoked}. */
    public static final String MODERATOR_INVITE_REVOKED = "catalog.moderator_invite_revoked";
    /** {@code catalog.moderator_removed}. */
    public static final String MODERATOR_REMOVED = "catalog.moderator_removed";

    /** The stream prefix of brands. */
    public static final String STREAM_PREFIX = "brand-";

    /** Envelope mapping of {@link BrandEvent}s; every brand event goes to {@code brand.<brandId>.events}. */
    public static final EventCodec<BrandEvent> CODEC = new RecordEventCodec<>(
            Map.of(
                    BRAND_CREATED, BrandEvent.BrandCreated.class,
                    BRAND_UPDATED, BrandEvent.BrandUpdated.class,
                    BRAND_DELETED, BrandEvent.BrandDeleted.class,
                    MODERATOR_INVITED, BrandEvent.ModeratorInvited.class,
                    MODERATOR_INVITE_ACCEPTED, BrandEvent.ModeratorInviteAccepted.class,
                    MODERATOR_INVITE_DECLINED, BrandEvent.ModeratorInviteDeclined.class,
                    MODERATOR_INVITE_REVOKED, BrandEvent.ModeratorInviteRevoked.class,
                    MODERATOR_REMOVED, BrandEvent.ModeratorRemoved.class),
            (stream, event) -> topicOf(event.brandId()),
            SensitiveFields.none());

    private BrandEvents() {}

    /** The stream of a brand: {@code brand-<brandId>}. */
    public static String streamOf(String brandId) {
        return STREAM_PREFIX + brandId;
    }

    /** The brand team's topic: {@code brand.<brandId>.events}. */
    public static String topicOf(String brandId) {
        return "brand." + brandId + ".events";
    }
}
