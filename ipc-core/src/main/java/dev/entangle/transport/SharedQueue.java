package dev.entangle.transport;

import dev.entangle.Configuration;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.ExcerptContext;
import net.openhft.chronicle.queue.util.MicroTouched;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * One Chronicle queue opened by this JVM, shared by every context of the JVM that uses it and closed when the last
 * of them releases it. Appends are serialized per queue within the JVM; Chronicle serializes them across processes.
 */
public final class SharedQueue
{
    private static final Map<Path, SharedQueue> OPEN = new HashMap<>();

    private final Path path;
    private final SingleChronicleQueue queue;
    /** Queues this JVM appends to, touched ahead of the writer when an event loop is idle. */
    private static final CopyOnWriteArrayList<SharedQueue> APPENDING = new CopyOnWriteArrayList<>();
    private static final int TOUCHES_PER_IDLE_CYCLE = 8;
    private static int nextToTouch;

    private ExcerptAppender appender;
    private Prefaulter.Target appenderPrefault;
    private int restrictedCycle = Integer.MIN_VALUE;
    private int references;

    private SharedQueue(final Path path)
    {
        this.path = path;
        this.queue = SingleChronicleQueueBuilder.binary(path)
            .blockSize(Configuration.queueBlockSize())
            .rollCycle(RollCycles.FAST_DAILY)
            .build();
        // Chronicle creates its files with the process umask: the metadata file now, each cycle file at the first
        // append of its cycle (see append).
        restrictFiles(path);
    }

    private static void restrictFiles(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            files.filter(Files::isRegularFile).forEach(f -> OwnerOnlyFiles.restrict(f, OwnerOnlyFiles.FILE));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot restrict the files of " + dir, ex);
        }
    }

    /**
     * Opens the queue at {@code path}, or takes another reference to it when this JVM has it open already.
     *
     * @param path the queue's folder; created when missing.
     * @return the shared queue; call {@link #release()} once for every acquire.
     */
    public static SharedQueue acquire(final Path path)
    {
        final Path key = path.toAbsolutePath().normalize();
        synchronized (OPEN)
        {
            SharedQueue shared = OPEN.get(key);
            if (shared == null)
            {
                OwnerOnlyFiles.createDirectories(key);
                shared = new SharedQueue(key);
                OPEN.put(key, shared);
            }
            shared.references++;
            return shared;
        }
    }

    /**
     * Drops one reference; the last one closes the queue.
     */
    public void release()
    {
        synchronized (OPEN)
        {
            if (--references == 0)
            {
                OPEN.remove(path);
                APPENDING.remove(this);
                synchronized (this)
                {
                    if (appenderPrefault != null)
                    {
                        appenderPrefault.close();
                        appenderPrefault = null;
                    }
                    if (appender != null)
                    {
                        appender.close();
                        appender = null;
                    }
                }
                queue.close();
            }
        }
    }

    /**
     * @return the queue's folder.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Appends one document: the concatenation of two byte ranges (an envelope and a payload), so a message is never
     * copied into one contiguous array first.
     *
     * @param head       first range (may be null when headLength is 0).
     * @param headOffset of the first range.
     * @param headLength of the first range.
     * @param body       second range (may be null when bodyLength is 0).
     * @param bodyOffset of the second range.
     * @param bodyLength of the second range.
     * @return the index of the appended document.
     */
    public synchronized long append(
        final DirectBuffer head,
        final int headOffset,
        final int headLength,
        final DirectBuffer body,
        final int bodyOffset,
        final int bodyLength)
    {
        if (appender == null)
        {
            appender = queue.createAppender();
            // Appends from any thread are serialized by this method's lock.
            appender.singleThreadedCheckDisabled(true);
            appenderPrefault = Prefaulter.register((ExcerptContext)appender, true);
            APPENDING.add(this);
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            write(bytes, head, headOffset, headLength);
            write(bytes, body, bodyOffset, bodyLength);
        }
        final int cycle = appender.cycle();
        if (cycle != restrictedCycle)
        {
            // A new cycle file was just created by this append: make it owner-only.
            restrictedCycle = cycle;
            restrictFiles(path);
        }
        return appender.lastIndexAppended();
    }

    /**
     * @return the index of the last document in the queue, or -1 when it is empty.
     */
    public long lastIndex()
    {
        final long last = queue.lastIndex();
        return last < 0 ? -1 : last;
    }

    /**
     * @return a new reader positioned at the start of the queue; owned by the caller's thread.
     */
    public QueueReader reader()
    {
        final net.openhft.chronicle.queue.ExcerptTailer tailer = queue.createTailer();
        // A port's reader is used by its event loop and by receiveMessage() callers, always under the port's lock.
        tailer.singleThreadedCheckDisabled(true);
        return new QueueReader(tailer, Prefaulter.register((ExcerptContext)tailer, false));
    }

    /**
     * Touches the page just ahead of a few appenders of this JVM, in turn: called by an idle event loop so that the
     * next append does not take the page fault.
     */
    public static void touchAhead()
    {
        final int size = APPENDING.size();
        for (int i = 0, n = Math.min(size, TOUCHES_PER_IDLE_CYCLE); i < n; i++)
        {
            final SharedQueue queue;
            try
            {
                queue = APPENDING.get(Math.floorMod(nextToTouch++, size));
            }
            catch (final IndexOutOfBoundsException shrunk)
            {
                return;
            }
            queue.microTouch();
        }
    }

    private synchronized void microTouch()
    {
        if (appender instanceof MicroTouched touched)
        {
            touched.microTouch();
        }
    }

    private static void write(final Bytes<?> bytes, final DirectBuffer src, final int offset, final int length)
    {
        if (length == 0)
        {
            return;
        }
        final byte[] array = src.byteArray();
        if (array != null)
        {
            bytes.write(array, src.wrapAdjustment() + offset, length);
        }
        else
        {
            bytes.unsafeWrite(src.addressOffset() + offset, length);
        }
    }
}
