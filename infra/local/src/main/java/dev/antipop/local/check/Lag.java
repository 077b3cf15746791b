package dev.antipop.local.check;

/**
 * A reader behind its stream: a processor's position (ProjectionPositions) or a view item's {@code version} lower than
 * the last version of the stream it reflects.
 *
 * @param stream the stream
 * @param reader the processor ({@code catalogProcessor}) or {@code <view table>/<key>}
 * @param version where the reader is (0: the stream was never projected)
 * @param last the stream's last version
 */
public record Lag(String stream, String reader, long version, long last) {

    /** How many versions behind. */
    public long behind() {
        return last - version;
    }

    /** {@code reader at stream:version, last L (N behind)}. */
    @Override
    public String toString() {
        return reader + " at " + stream + ":" + version + ", last " + last + " (" + behind() + " behind)";
    }
}
