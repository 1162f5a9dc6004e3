package dev.entangle.internal.loop;

import dev.entangle.internal.stats.ContextStats;
import dev.entangle.internal.stats.Counter;

/**
 * How long the cycles of a loop that did work took, added to the context's counters now and then. Every busy cycle
 * is counted, but only some are timed (reading the clock twice would lengthen every cycle): the busy time published
 * is the timed cycles' average times the busy cycles, and the longest is the longest timed. Used only by the loop's
 * thread.
 */
final class CycleTimes
{
    /** Given for a busy cycle that was not timed. */
    static final long NOT_TIMED = -1;

    private long busyCycles;
    private long timedCycles;
    private long timedNanos;
    private long maxCycleNanos;

    void add(final long cycleNanos)
    {
        busyCycles++;
        if (cycleNanos != NOT_TIMED)
        {
            timedCycles++;
            timedNanos += cycleNanos;
            maxCycleNanos = Math.max(maxCycleNanos, cycleNanos);
        }
    }

    void publish(final ContextStats stats)
    {
        if (timedCycles == 0)
        {
            // Nothing to estimate from yet: the busy cycles wait for the next publication.
            return;
        }
        stats.add(Counter.LOOP_BUSY_CYCLES, busyCycles);
        stats.add(Counter.LOOP_BUSY_NANOS, (long)((double)timedNanos * busyCycles / timedCycles));
        stats.max(Counter.LOOP_MAX_CYCLE_NANOS, maxCycleNanos);
        busyCycles = 0;
        timedCycles = 0;
        timedNanos = 0;
    }
}
