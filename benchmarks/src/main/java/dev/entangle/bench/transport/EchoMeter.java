package dev.entangle.bench.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What the echo peer measures about itself: which thread echoes, how many messages it has taken, and how many bytes
 * that thread has allocated between a {@link #mark()} and a {@link #report()}. The benchmark asks for both through
 * the echo peer's standard input, so the figure covers the measured iterations only, not warm-up.
 * <p>
 * {@link #onMessage()} is called by the echo thread only; {@link #mark()} and {@link #report()} by the thread that
 * reads standard input.
 */
final class EchoMeter
{
    /** The line that {@link #report()} starts with. */
    static final String REPORT_PREFIX = "alloc ";

    private static final VarHandle MESSAGES;

    static
    {
        try
        {
            MESSAGES = MethodHandles.lookup().findVarHandle(EchoMeter.class, "messages", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private volatile Thread echoThread;
    /** Written by the echo thread only, with release semantics, so counting costs a plain store on x86. */
    private long messages;
    private long markedBytes = -1;
    private long markedMessages;

    EchoMeter()
    {
        if (threads.isThreadAllocatedMemorySupported() && !threads.isThreadAllocatedMemoryEnabled())
        {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
    }

    /**
     * Counts one message taken by the echo thread, and learns which thread that is.
     *
     * @return how many messages the echo thread has taken so far, this one included.
     */
    long onMessage()
    {
        final long count = messages + 1;
        MESSAGES.setRelease(this, count);
        if (count == 1)
        {
            echoThread = Thread.currentThread();
        }
        return count;
    }

    /**
     * Starts a measured period.
     */
    void mark()
    {
        markedMessages = (long)MESSAGES.getAcquire(this);
        markedBytes = allocatedBytes();
    }

    /**
     * Ends a measured period.
     *
     * @return {@code alloc <bytes> <messages>}: what the echo thread allocated and how many messages it took since
     * the mark; bytes are -1 when nothing was marked or the JVM cannot tell.
     */
    String report()
    {
        final long bytes = allocatedBytes();
        final long count = (long)MESSAGES.getAcquire(this) - markedMessages;
        final long allocated = bytes < 0 || markedBytes < 0 ? -1 : bytes - markedBytes;
        markedBytes = -1;
        return String.format(Locale.ROOT, "%s%d %d", REPORT_PREFIX, allocated, count);
    }

    /**
     * @param line a line that {@link #report()} wrote.
     * @return bytes allocated per message, or NaN when the line holds no figure.
     */
    static double bytesPerMessage(final String line)
    {
        final String[] parts = line.substring(REPORT_PREFIX.length()).trim().split(" ");
        final long bytes = Long.parseLong(parts[0]);
        final long count = Long.parseLong(parts[1]);
        return bytes < 0 || count <= 0 ? Double.NaN : (double)bytes / count;
    }

    private long allocatedBytes()
    {
        final Thread thread = echoThread;
        // Thread ids are stable for a thread's life; getId is the Java 17 spelling.
        return thread == null || !threads.isThreadAllocatedMemoryEnabled() ? -1 :
            threads.getThreadAllocatedBytes(thread.getId());
    }
}
