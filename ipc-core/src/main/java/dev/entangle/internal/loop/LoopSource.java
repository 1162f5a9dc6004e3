package dev.entangle.internal.loop;

/**
 * Something the loop reads: a port, an inbox, a broadcast receiver.
 */
public interface LoopSource
{
    /**
     * Reads and dispatches what waits, up to a limit.
     *
     * @return how many messages were handled; at {@link #pollLimit()} or more the loop polls again next cycle.
     */
    int poll();

    /**
     * @return the most one poll handles before it returns.
     */
    int pollLimit();

    /**
     * Tells the source's writers that this loop looks at it every cycle, so that they need not ring the
     * doorbell for it ({@code true}), or that it no longer does ({@code false}); after {@code false} the loop
     * polls it once more, for a writer that saw the mark before it was cleared.
     *
     * @param on whether the loop looks every cycle from now on.
     * @return false when the source cannot be watched so (the loop then relies on its doorbell).
     */
    default boolean watchEveryCycle(final boolean on)
    {
        return false;
    }

    /**
     * Reads what waits, as {@link #poll()}, on a source looked at every cycle: finding nothing means only that
     * nothing came, where a rung source that has nothing learns that its peer changed.
     *
     * @return how many messages were handled.
     */
    default int pollWatched()
    {
        return poll();
    }

    /**
     * @return true while something here must hear a ring promptly (a listener, a thread waiting to receive);
     * when no source does, the loop may rest until its next upkeep. A source that starts to need rings calls
     * {@link EventLoop#demandRose()} after the change that makes this true.
     */
    default boolean wantsRings()
    {
        return true;
    }
}
