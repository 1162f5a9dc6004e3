package dev.entangle.internal.stats;

import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.ConcurrentCountersManager;

import java.nio.file.Path;

/**
 * The counters and error log one context writes. Counting can be switched off (it then costs one branch); the error
 * log is always kept. Every method is thread-safe.
 */
public final class ContextStats implements AutoCloseable
{
    /** The counters every message moves, which the owner thread keeps apart. */
    private static final Counter[] PER_MESSAGE =
        {Counter.MESSAGES_POSTED, Counter.BYTES_POSTED, Counter.MESSAGES_RECEIVED, Counter.BYTES_RECEIVED};

    private final StatsFile file;
    private final AtomicCounter[] counters;
    /**
     * Second counters for those counted at every message, with the same label and type: written by the owner thread
     * alone (the context's loop), with a plain add and an ordered store instead of an atomic add on a line other
     * threads write too. Readers add up the counters of one type.
     */
    private final AtomicCounter[] ownerCounters;
    /** Third ones, for the first other thread that counts (in most applications, the one that posts). */
    private final AtomicCounter[] claimedCounters;
    private volatile Thread owner;
    private final java.util.concurrent.atomic.AtomicReference<Thread> claimant =
        new java.util.concurrent.atomic.AtomicReference<>();
    private final DistinctErrorLog errors;
    private volatile boolean closed;

    private ContextStats(final StatsFile file, final boolean counting)
    {
        this.file = file;
        this.errors = new DistinctErrorLog(file.errorLogBuffer(), SystemEpochClock.INSTANCE);
        if (counting)
        {
            final ConcurrentCountersManager manager =
                new ConcurrentCountersManager(file.metadataBuffer(), file.valuesBuffer());
            final Counter[] all = Counter.values();
            counters = new AtomicCounter[all.length];
            ownerCounters = new AtomicCounter[all.length];
            claimedCounters = new AtomicCounter[all.length];
            for (int i = 0; i < all.length; i++)
            {
                counters[i] = manager.newCounter(all[i].label(), i);
            }
            for (final Counter hot : PER_MESSAGE)
            {
                ownerCounters[hot.ordinal()] = manager.newCounter(hot.label(), hot.ordinal());
                claimedCounters[hot.ordinal()] = manager.newCounter(hot.label(), hot.ordinal());
            }
        }
        else
        {
            counters = null;
            ownerCounters = null;
            claimedCounters = null;
        }
    }

    /**
     * @param folder    the context's folder.
     * @param pid       the process.
     * @param start     its start time.
     * @param contextId the context.
     * @param counting  false to keep only the error log.
     * @return the statistics of a context that is opening.
     */
    public static ContextStats create(
        final Path folder, final long pid, final long start, final long contextId, final boolean counting)
    {
        return new ContextStats(StatsFile.create(folder, pid, start, contextId), counting);
    }

    /**
     * Names the thread that counts most (the context's loop thread): its counts of the per-message counters go to
     * counters of its own, without atomic operations.
     *
     * @param thread the owner, or null.
     */
    public void ownedBy(final Thread thread)
    {
        owner = thread;
    }

    /**
     * @param counter which.
     */
    public void increment(final Counter counter)
    {
        if (counters != null && !closed)
        {
            final AtomicCounter own = ownCounter(counter);
            if (own != null)
            {
                own.incrementRelease();
            }
            else
            {
                counters[counter.ordinal()].increment();
            }
        }
    }

    /**
     * @param counter which.
     * @param amount  how much to add.
     */
    public void add(final Counter counter, final long amount)
    {
        if (counters != null && !closed)
        {
            final AtomicCounter own = ownCounter(counter);
            if (own != null)
            {
                own.getAndAddRelease(amount);
            }
            else
            {
                counters[counter.ordinal()].getAndAdd(amount);
            }
        }
    }

    /**
     * @return the calling thread's own counter of that type, or null when it has none (or the type has none).
     */
    private AtomicCounter ownCounter(final Counter counter)
    {
        final AtomicCounter own = ownerCounters[counter.ordinal()];
        if (own == null)
        {
            return null;
        }
        final Thread self = Thread.currentThread();
        if (self == owner)
        {
            return own;
        }
        final Thread claimed = claimant.get();
        if (claimed == self || claimed == null && claimant.compareAndSet(null, self))
        {
            return claimedCounters[counter.ordinal()];
        }
        return null;
    }

    /**
     * Raises a high-water mark.
     *
     * @param counter which.
     * @param value   a value seen now.
     */
    public void max(final Counter counter, final long value)
    {
        if (counters != null && !closed)
        {
            counters[counter.ordinal()].proposeMax(value);
        }
    }

    /**
     * @return true when counting is on.
     */
    public boolean isCounting()
    {
        return counters != null;
    }

    /**
     * Keeps an error in the log, once per distinct error, with its count and first and last time.
     *
     * @param error the error.
     */
    public void record(final Throwable error)
    {
        if (closed)
        {
            return;
        }
        try
        {
            errors.record(error);
        }
        catch (final RuntimeException | InternalError ignore)
        {
            // The log is full or its file was damaged: the error still reaches the error handler.
        }
    }

    /**
     * @return the mapping, for fault diagnosis.
     */
    public dev.entangle.internal.fs.MappedRegion region()
    {
        return file.region();
    }

    /**
     * Stops writing. Other threads may still hold this object, so the mapping is not unmapped here: see
     * {@link #unmapWhenUnreachable(java.lang.ref.Cleaner)}.
     */
    @Override
    public void close()
    {
        closed = true;
    }

    /**
     * @param cleaner unmaps the file once nothing refers to this object, so no thread can write to it any more.
     */
    public void unmapWhenUnreachable(final java.lang.ref.Cleaner cleaner)
    {
        final dev.entangle.internal.fs.MappedRegion region = file.region();
        cleaner.register(this, region::close);
    }
}
