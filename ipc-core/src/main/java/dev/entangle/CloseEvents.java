package dev.entangle;

import dev.entangle.internal.stats.CloseCause;
import dev.entangle.internal.stats.ContextStats;
import dev.entangle.internal.stats.Counter;
import dev.entangle.internal.stats.Events;

/**
 * A close event fired in a context: counted by why the peer went, and recorded for JFR when a recording asks.
 */
final class CloseEvents
{
    private CloseEvents()
    {
    }

    static void count(final ContextStats stats, final CloseCause cause, final Object channel, final int side)
    {
        stats.increment(switch (cause)
        {
            case PROCESS_DIED -> Counter.CLOSES_PROCESS_DIED;
            case GARBAGE_COLLECTED -> Counter.CLOSES_GARBAGE_COLLECTED;
            case CONTEXT_CLOSED -> Counter.CLOSES_CONTEXT_CLOSED;
            case LOST_IN_TRANSIT -> Counter.CLOSES_IN_TRANSIT;
            case DAMAGED -> Counter.CLOSES_DAMAGED;
            default -> Counter.CLOSES_PEER_CLOSED;
        });
        Events.closed(channel, side + 1, cause);
    }
}
