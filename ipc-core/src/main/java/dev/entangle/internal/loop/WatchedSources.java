package dev.entangle.internal.loop;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The few sources an event loop looks at every cycle, rung or not: those that received lately. Their writers see the
 * mark each one publishes and do not ring the doorbell for them, which spares two processes the doorbell's cache
 * lines on every message of a busy conversation (the writer's atomic operations on it, the loop taking them back).
 * A source stops being watched once it has been quiet for a while, or when it leaves the loop; its writers ring it
 * again from then on. Used by the loop's thread only, except {@link #remove}.
 */
final class WatchedSources
{
    /** How many sources are watched at most: each costs one look at its lane per cycle. */
    static final int LIMIT = 4;
    /** How long a watched source may stay quiet before it goes back to being rung. */
    static final long QUIET_NANOS = 50_000_000L;

    private final LoopSource[] sources = new LoopSource[LIMIT];
    private final long[] lastWorkNanos = new long[LIMIT];
    private final boolean[] workedThisCycle = new boolean[LIMIT];
    private final ConcurrentLinkedQueue<LoopSource> removed = new ConcurrentLinkedQueue<>();
    private int count;
    private long cycleNanos = System.nanoTime();

    /**
     * Polls every watched source.
     *
     * @return messages handled.
     */
    int poll(final EventLoop loop)
    {
        if (!removed.isEmpty())
        {
            dropRemoved();
        }
        int work = 0;
        for (int i = 0; i < count; i++)
        {
            final int handled = loop.pollWatched(sources[i]);
            if (handled > 0)
            {
                workedThisCycle[i] = true;
                work += handled;
            }
        }
        return work;
    }

    /**
     * A source handled messages: watch it, if there is room and it can be watched.
     */
    void offer(final LoopSource source)
    {
        for (int i = 0; i < count; i++)
        {
            if (sources[i] == source)
            {
                workedThisCycle[i] = true;
                return;
            }
        }
        if (count < LIMIT && source.watchEveryCycle(true))
        {
            sources[count] = source;
            lastWorkNanos[count] = cycleNanos;
            workedThisCycle[count] = true;
            count++;
        }
    }

    /**
     * Ends a cycle: sources quiet for longer than {@link #QUIET_NANOS} go back to being rung.
     */
    void endCycle(final long nowNanos, final EventLoop loop)
    {
        cycleNanos = nowNanos;
        for (int i = count - 1; i >= 0; i--)
        {
            if (workedThisCycle[i])
            {
                workedThisCycle[i] = false;
                lastWorkNanos[i] = nowNanos;
            }
            else if (nowNanos - lastWorkNanos[i] > QUIET_NANOS)
            {
                final LoopSource quiet = sources[i];
                removeAt(i);
                // Clearing the mark and polling once more may watch it again at once, at the end: past index i.
                loop.unwatch(quiet);
            }
        }
    }

    /**
     * A source left the loop (from any thread): the loop stops watching it at its next cycle. The source clears its
     * own mark when it stops reading here.
     */
    void remove(final LoopSource source)
    {
        removed.add(source);
    }

    private void dropRemoved()
    {
        LoopSource source;
        while ((source = removed.poll()) != null)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                if (sources[i] == source)
                {
                    removeAt(i);
                }
            }
        }
    }

    private void removeAt(final int index)
    {
        final int last = count - 1;
        sources[index] = sources[last];
        lastWorkNanos[index] = lastWorkNanos[last];
        workedThisCycle[index] = workedThisCycle[last];
        sources[last] = null;
        count = last;
    }
}
