package dev.entangle.bench.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets an echo peer stop spinning while it is not measured. A sliced run ({@code SlicedGroup}) keeps several links
 * open at once and measures one at a time; on two CPUs every echo thread that spins while another link is measured
 * takes a CPU from that link. Paused, an echo loop that finds nothing to do parks instead of spinning; it still
 * answers every message, up to a park later. Unpaused (the default, and all that a JMH fork sees) an idle
 * look costs the read of one field that never changes.
 */
final class EchoPause
{
    /**
     * How long a paused loop parks at a time. Long, because on two CPUs each wake-up of a parked thread takes a CPU
     * from the link being measured; {@link #resume()} wakes it at once. A park that begins after the resume's unpark
     * returns at once too (the unpark leaves a permit), so none is missed.
     */
    private static final long PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private static volatile boolean paused;
    /** The last echo thread that parked, woken at once when the pause ends. */
    private static volatile Thread parked;

    private EchoPause()
    {
    }

    /**
     * Called by an echo loop each time it looks and finds nothing: parks while paused, else returns at once, so
     * that the loop spins exactly as it did before it could pause.
     *
     * @return whether it parked.
     */
    static boolean idle()
    {
        if (paused)
        {
            parked = Thread.currentThread();
            LockSupport.parkNanos(PARK_NS);
            return true;
        }
        return false;
    }

    /** Echo loops park when idle from now on. */
    static void pause()
    {
        paused = true;
    }

    /** Echo loops spin again; one that is parked wakes now rather than at the end of its park. */
    static void resume()
    {
        paused = false;
        final Thread sleeper = parked;
        if (sleeper != null)
        {
            LockSupport.unpark(sleeper);
        }
    }

    /**
     * The busy-spinning idle strategy of the echo peer's Entangle context, pausable as above.
     */
    static final class Spin implements IdleStrategy
    {
        @Override
        public void idle(final int workCount)
        {
            if (workCount <= 0)
            {
                idle();
            }
        }

        /** As Agrona's {@code BusySpinIdleStrategy}, a spin-wait hint, unless paused. */
        @Override
        public void idle()
        {
            if (!EchoPause.idle())
            {
                Thread.onSpinWait();
            }
        }

        @Override
        public void reset()
        {
        }

        @Override
        public String alias()
        {
            return "spin";
        }
    }
}
