package dev.antipop.runtime.rebuild;

/**
 * What to rebuild: {@code ./run-local rebuild-projections [--context C] [--view V]} or the payload of the
 * {@code rebuildProjections} function ({@code {"context":"catalog","view":"brands"}}).
 *
 * @param context a context name, or null for every context
 * @param view a view name ({@code brands}) or a table variable ({@code BRANDS_TABLE}), or null for every view
 * @param segments the parallel Scan's {@code TotalSegments} per events table (1..1,000,000, DynamoDB's bound; a
 *     resumed run keeps the count it started with)
 * @param pageSize the Scan's {@code Limit}: events per page, and so per checkpoint
 * @param restart drop an unfinished run of the same selection (its checkpoints and fresh tables) and start over
 */
public record RebuildRequest(String context, String view, int segments, int pageSize, boolean restart) {

    /** Segments when none is asked for: each one is a thread waiting on I/O most of its time. */
    public static final int DEFAULT_SEGMENTS = 4;

    /** Events per page when none is asked for. */
    public static final int DEFAULT_PAGE_SIZE = 500;

    /** @throws IllegalArgumentException for a segment count or page size out of range */
    public RebuildRequest {
        if (segments < 1 || segments > 1_000_000) {
            throw new IllegalArgumentException("segments must be between 1 and 1000000 (Scan TotalSegments)");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("the page size must be at least 1");
        }
    }

    /** Every view, or those of {@code context} / {@code view}, with the default segments and page size. */
    public static RebuildRequest of(String context, String view) {
        return new RebuildRequest(context, view, DEFAULT_SEGMENTS, DEFAULT_PAGE_SIZE, false);
    }
}
