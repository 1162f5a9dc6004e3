package dev.entangle.internal.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Whether an event loop may rest between upkeeps, and the rest itself. A loop may rest while none of its sources
 * wants rings ({@link LoopSource#wantsRings()}); asking them all costs a call each, so it is asked again only
 * after a source said that it began to want them ({@link #demandRose()}), and at most once per check interval
 * while some do. Whoever gives the loop something to do ends its rest ({@link #end()}).
 */
final class LoopRest
{
    /** How often a loop whose sources want rings asks them again whether they still do. */
    private static final long DEMAND_CHECK_NANOS = 20_000_000L;
    private static final VarHandle DEMAND_RISES;

    static
    {
        try
        {
            DEMAND_RISES = MethodHandles.lookup().findVarHandle(LoopRest.class, "demandRises", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Counts the times a source began to want rings; a rest is allowed only while it equals {@link #restEpoch}. */
    private volatile long demandRises;
    private volatile boolean resting;
    private volatile Thread sleeper;
    /** The count of rises when the sources were last found not wanting rings; -1 when one did. Loop thread only. */
    private long restEpoch = -1;
    private long nextDemandCheckNanos = System.nanoTime();

    /**
     * A source began to want rings; call after the change that makes it say so.
     */
    void demandRose()
    {
        DEMAND_RISES.getAndAdd(this, 1L);
        end();
    }

    /**
     * Ends the rest, if the loop rests; call after queueing what it should do.
     */
    void end()
    {
        if (resting)
        {
            LockSupport.unpark(sleeper);
        }
    }

    /**
     * Parks the calling loop thread until {@code untilNanos}, or until {@link #end()}, when no source wants rings.
     *
     * @param nowNanos      the time the loop read last: it paces the checks of demand; the rest reads the clock.
     * @param untilNanos    the loop's next upkeep.
     * @param sources       the loop's sources.
     * @param nothingQueued says that no task or wake waits; asked after the rest is announced.
     * @param blocker       shown as what the thread parks on.
     * @return false when the loop may not rest now (a source wants rings).
     */
    boolean rest(final long nowNanos, final long untilNanos, final LoopSource[] sources,
        final BooleanSupplier nothingQueued, final Object blocker)
    {
        long epoch = restEpoch;
        if (epoch != demandRises)
        {
            if (nowNanos - nextDemandCheckNanos < 0)
            {
                return false;
            }
            nextDemandCheckNanos = nowNanos + DEMAND_CHECK_NANOS;
            epoch = mayRestFrom(sources);
            restEpoch = epoch;
            if (epoch < 0)
            {
                return false;
            }
        }
        final long wait = untilNanos - System.nanoTime();
        if (wait <= 0)
        {
            // The upkeep is due: no park, but the loop is told it rested, so that it reads the clock next cycle.
            return true;
        }
        sleeper = Thread.currentThread();
        resting = true;
        try
        {
            // Pairs with end(): what was queued, or a rise, before the flag was seen there is seen here.
            if (epoch == demandRises && nothingQueued.getAsBoolean())
            {
                LockSupport.parkNanos(blocker, wait);
            }
        }
        finally
        {
            resting = false;
        }
        return true;
    }

    /**
     * @return the count of rises now when no source wants rings, else -1.
     */
    private long mayRestFrom(final LoopSource[] sources)
    {
        // Read before the sources: a rise after this read makes the epoch stale, one before it shows in a source.
        final long rises = demandRises;
        for (final LoopSource source : sources)
        {
            if (source.wantsRings())
            {
                return -1;
            }
        }
        return rises;
    }
}
