package dev.entangle.internal.loop;

import dev.entangle.internal.stats.ContextStats;
import dev.entangle.internal.stats.Counter;

/**
 * How long the cycles of a loop that did work took, added to the context's counters now and then. Used only by the
 * loop's thread.
 */
final class CycleTimes
{
    private long busyCycles;
    private long busyNanos;
    private long maxCycleNanos;

    void add(final long cycleNanos)
    {
        busyCycles++;
        busyNanos += cycleNanos;
        maxCycleNanos = Math.max(maxCycleNanos, cycleNanos);
    }

    void publish(final ContextStats stats)
    {
        stats.add(Counter.LOOP_BUSY_CYCLES, busyCycles);
        stats.add(Counter.LOOP_BUSY_NANOS, busyNanos);
        stats.max(Counter.LOOP_MAX_CYCLE_NANOS, maxCycleNanos);
        busyCycles = 0;
        busyNanos = 0;
    }
}
