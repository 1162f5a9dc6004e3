package dev.entangle.internal.lane;

/**
 * What a lane that many read needs of the lane's internals: placing a reader's line where another reader or the
 * writer stands, the ring a line names, and retiring the lane once its last reader left. Every method that places a
 * line or retires the lane is called holding the lane's lock ({@link LaneWriter#locked}), so that no writer appends
 * meanwhile.
 */
public final class LaneReaders
{
    private LaneReaders()
    {
    }

    /**
     * Starts a line at the lane's tail, as a reader that joins now: it reads what is written from here on. Its read
     * bytes start at the bytes written so far, so that {@code writtenBytes - readBytes} is its backlog.
     *
     * @param control the lane.
     * @param line    the joining reader's line.
     */
    public static void startAtTail(final LaneControl control, final ReaderLine line)
    {
        line.reset(control.tail(), control.writerGeneration(), control.writerBase(), control.writerCapacity(),
            control.writtenBytes());
    }

    /**
     * Starts a line where a snapshot of another reader's line stands.
     *
     * @param line      the reader's line.
     * @param snapshot  a consistent copy of another line ({@link ReaderLine#privateCopy()}).
     * @param readBytes the bytes written up to the snapshot's position.
     */
    public static void startAt(final ReaderLine line, final ReaderLine snapshot, final long readBytes)
    {
        line.reset(snapshot.head(), snapshot.generation(), snapshot.base(), snapshot.capacity(), readBytes);
    }

    /**
     * @param line a reader's line.
     * @return the generation of the ring it reads.
     */
    public static long generation(final ReaderLine line)
    {
        return line.generation();
    }

    /**
     * @param control a lane.
     * @return the generation of the ring its writers write, or -1 while it has no ring yet.
     */
    public static long writerGeneration(final LaneControl control)
    {
        return control.writerCapacity() == 0 ? -1 : control.writerGeneration();
    }

    /**
     * @param control a lane.
     * @return true once it was retired: its files are deleted or about to be.
     */
    public static boolean isRetired(final LaneControl control)
    {
        return control.isRetired();
    }

    /**
     * Marks a lane retired, so that every process that mapped it looks it up again.
     *
     * @param control the lane.
     */
    public static void retire(final LaneControl control)
    {
        control.retire();
    }
}
