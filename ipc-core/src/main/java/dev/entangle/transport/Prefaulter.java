package dev.entangle.transport;

import dev.entangle.Configuration;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.chronicle.queue.impl.ExcerptContext;
import net.openhft.chronicle.wire.Wire;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per JVM that maps in, ahead of time, the pages of the queues this JVM writes and reads, so the
 * spinning threads do not take the page faults themselves: Chronicle's files are sparse, and every fresh page costs
 * the writer a fault to allocate it and each reader a fault to map it. Every {@link #PERIOD_MS} ms it asks the
 * kernel ({@code madvise(MADV_POPULATE_WRITE)}) to populate the pages past each position that moved at least
 * {@link #ACTIVE_BYTES_PER_PERIOD} since the last round, by {@link #PERIODS_AHEAD} periods of its recent rate and at
 * most {@link #AHEAD} bytes (populated pages of a file in shared memory are RAM, so idle queues get none), within
 * the chunk Chronicle has mapped now, holding a reference on that chunk so Chronicle cannot unmap it meanwhile.
 * Waking more often steals the CPU from the spinners on a small machine.
 */
public final class Prefaulter
{
    static final long AHEAD = 16L << 20;
    /** A queue that moved less than this in a period is left alone: pre-faulting idle queues would fill memory. */
    static final long ACTIVE_BYTES_PER_PERIOD = 16L << 10;
    /** How many periods of the recent write or read rate to stay ahead by, within {@link #AHEAD}. */
    static final int PERIODS_AHEAD = 8;
    static final long PERIOD_MS = 20;
    private static final int MADV_POPULATE_WRITE = 23;
    private static final long PAGE = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(Prefaulter.class);
    private static final ReferenceOwner OWNER = ReferenceOwner.temporary("entangle-prefaulter");
    private static final CopyOnWriteArrayList<Target> TARGETS = new CopyOnWriteArrayList<>();
    private static final boolean ENABLED = Configuration.prefaultEnabled();
    private static volatile boolean started;
    private static volatile boolean unsupported;

    private Prefaulter()
    {
    }

    /**
     * A writer or reader whose pages are populated ahead of it until {@link #close()}.
     */
    public static final class Target implements AutoCloseable
    {
        private final ExcerptContext context;
        private final boolean writer;
        private BytesStore<?, ?> lastStore;
        private long populatedUpTo;
        private long lastPosition = -1;

        private Target(final ExcerptContext context, final boolean writer)
        {
            this.context = context;
            this.writer = writer;
        }

        @Override
        public void close()
        {
            TARGETS.remove(this);
        }
    }

    /**
     * @param context an appender or tailer.
     * @param writer  true for an appender.
     * @return the registration, or null when pre-faulting is off.
     */
    public static Target register(final ExcerptContext context, final boolean writer)
    {
        if (!ENABLED || unsupported)
        {
            return null;
        }
        final Target target = new Target(context, writer);
        TARGETS.add(target);
        startOnce();
        return target;
    }

    private static synchronized void startOnce()
    {
        if (started)
        {
            return;
        }
        started = true;
        final Thread thread = new Thread(Prefaulter::run, "entangle-prefaulter");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run()
    {
        while (!unsupported)
        {
            for (final Target target : TARGETS)
            {
                populateAhead(target);
            }
            LockSupport.parkNanos(PERIOD_MS * 1_000_000L);
        }
    }

    private static void populateAhead(final Target target)
    {
        final MappedBytesStore store;
        final long position;
        try
        {
            final Wire wire = target.context.wire();
            if (wire == null)
            {
                return;
            }
            final Bytes<?> bytes = wire.bytes();
            position = target.writer ? bytes.writePosition() : bytes.readPosition();
            if (!(bytes.bytesStore() instanceof MappedBytesStore mapped) || !mapped.tryReserve(OWNER))
            {
                return;
            }
            store = mapped;
        }
        catch (final RuntimeException closedMeanwhile)
        {
            return;
        }
        try
        {
            if (store != target.lastStore)
            {
                target.lastStore = store;
                target.populatedUpTo = 0;
            }
            final long moved = target.lastPosition < 0 ? 0 : position - target.lastPosition;
            target.lastPosition = position;
            if (moved < ACTIVE_BYTES_PER_PERIOD)
            {
                return;
            }
            final long ahead = Math.min(AHEAD, moved * PERIODS_AHEAD);
            final long chunkEnd = store.start() + store.realCapacity();
            final long from = Math.max(position & -PAGE, target.populatedUpTo);
            final long to = Math.min(chunkEnd, (position + ahead) & -PAGE);
            if (to - from >= PAGE && store.inside(from, to - from))
            {
                final int result = PosixAPI.posix().madvise(store.addressForRead(from), to - from, MADV_POPULATE_WRITE);
                if (result != 0)
                {
                    unsupported = true;
                    LOG.warn("entangle: page pre-faulting is not supported here (madvise returned {}); it is off",
                        result);
                    return;
                }
                target.populatedUpTo = to;
            }
        }
        catch (final RuntimeException ex)
        {
            // The position moved past the chunk, or the queue closed: the next round sees the new state.
        }
        finally
        {
            store.release(OWNER);
        }
    }
}
