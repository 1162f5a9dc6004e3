package dev.entangle.internal.lane;

/**
 * When a writer may give its large ring back: once the ring has gone a while without being replaced, and, for a
 * writer asked by its upkeep, a while without an append. Appends are counted, not timed, so that an append reads the
 * clock for this at most once in {@link #LOOK_EVERY}. Used under the writer's exclusion.
 */
final class ShrinkTiming
{
    /** A power of two: appends during a stream per look at the clock. */
    private static final int LOOK_EVERY = 64;

    private final long shrinkAfterNanos;
    private long lastResizeNanos;
    private long appended;
    private long appendedSeen;
    private long lastAppendSeenNanos;

    ShrinkTiming(final long shrinkAfterNanos)
    {
        this.shrinkAfterNanos = shrinkAfterNanos;
    }

    void appended()
    {
        appended++;
    }

    /**
     * The writer moved to a ring of another size (or mapped one): the wait starts again.
     */
    void resized(final long nowNanos)
    {
        lastResizeNanos = nowNanos;
    }

    /**
     * @return true, at one append in {@link #LOOK_EVERY}, when the ring was last replaced long enough ago.
     */
    boolean dueDuringStream()
    {
        return (appended & (LOOK_EVERY - 1)) == 0 && System.nanoTime() - lastResizeNanos > shrinkAfterNanos;
    }

    /**
     * Asked by the upkeep, now and then: remembers when it last saw the count of appends move.
     *
     * @return true when neither a resize nor an append came for long enough.
     */
    boolean dueWhenIdle(final long nowNanos)
    {
        if (appended != appendedSeen)
        {
            appendedSeen = appended;
            lastAppendSeenNanos = nowNanos;
        }
        return nowNanos - lastResizeNanos >= shrinkAfterNanos && nowNanos - lastAppendSeenNanos >= shrinkAfterNanos;
    }
}
