package dev.entangle.soak;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines a soak participant writes on its standard output for the coordinator, one fact per line. They travel
 * through a pipe, not through the library under test, so they arrive even when the library misbehaves; a line cut
 * short by a kill -9 is ignored by the coordinator.
 * <pre>
 * READY                                  the context is open
 * H stream end hop                       this process holds an end of a stream (w: the writer's port, r: the reader's)
 * G stream end hop target nanos          it gave the end to the context named target (postMessage returned, at
 *                                        System.nanoTime()); the receiver will hold it at hop
 * C stream end nanos                     onClose fired on an end here, at System.nanoTime()
 * V stream kind expected got             a reader saw a number out of order: backwards, repeat, gap or corrupt
 * S delivered sent refused missedLow maxBuffered    this process's counters so far
 * E text                                 the context's error handler was called
 * M stream hop buffered parkedMillis postedHere   a held-back writer's backlog fell to the threshold, yet
 *                                        onBufferedAmountLow had not fired after a second
 * </pre>
 * {@code System.nanoTime()} reads the same monotonic clock in every process of a Linux host, so the coordinator
 * compares a close's time with the time of the kill that caused it.
 */
final class Report
{
    static final String READY = "READY";
    static final String HELD = "H";
    static final String GAVE = "G";
    static final String CLOSED = "C";
    static final String VIOLATION = "V";
    static final String STATUS = "S";
    static final String ERROR = "E";
    static final String MISSED_LOW = "M";

    static final String WRITER_END = "w";
    static final String READER_END = "r";

    static final String BACKWARDS = "backwards";
    static final String REPEAT = "repeat";
    static final String GAP = "gap";
    static final String CORRUPT = "corrupt";

    /** Detailed violation lines a process writes at most; the coordinator fails the run long before. */
    private static final int MAX_VIOLATION_LINES = 1000;

    private static final PrintStream OUT =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    private static int violationLines;

    private Report()
    {
    }

    static void ready()
    {
        line(READY);
    }

    static void held(final String stream, final String end, final int hop)
    {
        line(HELD + " " + stream + " " + end + " " + hop);
    }

    static void gave(final String stream, final String end, final int hop, final String target)
    {
        line(GAVE + " " + stream + " " + end + " " + hop + " " + target + " " + System.nanoTime());
    }

    static void closed(final String stream, final String end, final long nanos)
    {
        line(CLOSED + " " + stream + " " + end + " " + nanos);
    }

    static void violation(final String stream, final String kind, final long expected, final long got)
    {
        synchronized (OUT)
        {
            if (violationLines++ >= MAX_VIOLATION_LINES)
            {
                return;
            }
        }
        line(VIOLATION + " " + stream + " " + kind + " " + expected + " " + got);
    }

    static void status(
        final long delivered, final long sent, final long refused, final long missedLow, final long maxBuffered)
    {
        line(STATUS + " " + delivered + " " + sent + " " + refused + " " + missedLow + " " + maxBuffered);
    }

    static void missedLow(final String stream, final int hop, final long buffered, final long parkedMillis,
        final boolean postedHere)
    {
        line(MISSED_LOW + " " + stream + " " + hop + " " + buffered + " " + parkedMillis + " " + postedHere);
    }

    static void error(final Throwable error)
    {
        line(ERROR + " " + String.valueOf(error).replace('\n', ' ').replace('\r', ' '));
    }

    static void line(final String text)
    {
        synchronized (OUT)
        {
            OUT.println(text);
            OUT.flush();
        }
    }
}
