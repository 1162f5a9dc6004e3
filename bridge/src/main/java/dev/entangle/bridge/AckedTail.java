package dev.entangle.bridge;

import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneFiles;
import dev.entangle.internal.lane.LaneReader;

/**
 * A local lane that the bridge carries to another host, read twice: a sending reader over a private copy of the
 * lane's reader line runs ahead, and the lane's real reader follows only as far as the other host acknowledged. So
 * the lane keeps every frame not yet acknowledged (the writer cannot overwrite it), the writer's buffered amount
 * counts it, and after a broken link the sending reader starts again from the acknowledged position.
 */
final class AckedTail implements AutoCloseable
{
    private static final LaneReader.FrameHandler SKIP = (type, buffer, offset, length) -> { };

    private final LaneControl control;
    private final LaneFiles files;
    private final LaneReader acked;
    /** Refs of the ports each frame carried, by the frame's start: claimed once, sent again after a rewind. */
    private final java.util.TreeMap<Long, long[]> carried = new java.util.TreeMap<>();
    /** Start and end of frames not sent (dropped here), released once everything before them is acknowledged. */
    private final org.agrona.collections.LongArrayQueue skipped = new org.agrona.collections.LongArrayQueue(-1);
    private LaneReader sending;

    /**
     * @param control the lane's control block.
     * @param files   where its rings live.
     */
    AckedTail(final LaneControl control, final LaneFiles files)
    {
        this.control = control;
        this.files = files;
        this.acked = new LaneReader(control, control.readerLine(), files, true);
        this.sending = new LaneReader(control, control.readerLine().privateCopy(), files, false);
    }

    /**
     * @return the next frame's type, or 0 when the sending reader has read everything published.
     */
    int nextType()
    {
        return sending.nextType();
    }

    /**
     * Reads the next frame for sending.
     *
     * @param handler receives its body.
     * @return the position after it, or -1 when none waits.
     */
    long read(final LaneReader.FrameHandler handler)
    {
        return sending.poll(handler) == 0 ? -1 : sending.head();
    }

    /**
     * Marks the frame just read, from {@code start} to {@code end}, as not sent: it is released once everything
     * before it is acknowledged, as if the other host had acknowledged it.
     */
    void skipped(final long start, final long end)
    {
        skipped.addLong(start);
        skipped.addLong(end);
        releaseSkipped();
    }

    /**
     * @param start a frame's start.
     * @return the refs of the ports it carried when it was first sent, or null.
     */
    long[] carried(final long start)
    {
        return carried.get(start);
    }

    /**
     * @param start a frame's start.
     * @param refs  the refs of the ports it carries.
     */
    void carried(final long start, final long[] refs)
    {
        carried.put(start, refs);
    }

    /**
     * @return where the sending reader stands.
     */
    long sent()
    {
        return sending.head();
    }

    /**
     * @return where the real reader stands: everything before was acknowledged.
     */
    long acked()
    {
        return acked.head();
    }

    /**
     * @return true when the sending reader has read everything the writer published.
     */
    boolean isDrained()
    {
        return !sending.hasWaiting();
    }

    /**
     * Moves the real reader up to {@code end}, releasing what the other host acknowledged.
     *
     * @param end a position the sending reader reached.
     * @return true when the writer asked to be told that its buffered amount fell to its low-water mark.
     */
    boolean acknowledge(final long end)
    {
        final long limit = Math.min(end, sending.head());
        advance(limit);
        releaseSkipped();
        return control.takeLowWater();
    }

    private void advance(final long limit)
    {
        while (acked.head() < limit && acked.nextType() != 0)
        {
            acked.poll(SKIP);
        }
        if (!carried.isEmpty())
        {
            carried.headMap(acked.head()).clear();
        }
    }

    private void releaseSkipped()
    {
        while (!skipped.isEmpty())
        {
            if (acked.nextType() == 0 || acked.head() < skipped.peekLong())
            {
                return;
            }
            skipped.pollLong();
            advance(skipped.pollLong());
        }
    }

    /**
     * Counts bytes that travelled beside a frame (a transferred buffer) as read: buffers do not cross hosts, so the
     * writer's buffered amount must not keep them.
     */
    void readBeside(final long bytes)
    {
        control.readerLine().addReadBeside(bytes);
    }

    /**
     * Starts sending again from the acknowledged position.
     */
    void rewind()
    {
        skipped.clear();
        sending.close();
        sending = new LaneReader(control, control.readerLine().privateCopy(), files, false);
    }

    @Override
    public void close()
    {
        sending.close();
        acked.close();
    }
}
