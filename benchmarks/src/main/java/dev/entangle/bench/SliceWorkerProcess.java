package dev.entangle.bench;

import dev.entangle.bench.transport.PipedJvm;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.List;
import java.util.zip.DataFormatException;

/**
 * The driver's handle on one {@link SliceWorker} JVM: starts it, asks it for slices and for its histogram, and
 * stops it, which stops its echo peer too.
 */
final class SliceWorkerProcess implements AutoCloseable
{
    private final String contestant;
    private final PipedJvm jvm;

    private SliceWorkerProcess(final String contestant, final PipedJvm jvm)
    {
        this.contestant = contestant;
        this.jvm = jvm;
    }

    /**
     * Starts the worker and waits until its link is open and its echo peer paused.
     *
     * @param contestant   a transport, or the copy floor.
     * @param payloadBytes the payload of each round trip.
     * @param log          where the worker's and its echo peer's standard error go.
     * @return the running worker.
     */
    static SliceWorkerProcess start(final String contestant, final int payloadBytes, final Path log)
    {
        final List<String> command = PipedJvm.benchCommand();
        command.add(BenchFlags.HEAP);
        command.add(BenchFlags.PRE_TOUCH);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SliceWorker.class.getName());
        command.add(contestant);
        command.add(Integer.toString(payloadBytes));
        return new SliceWorkerProcess(contestant, PipedJvm.start("slice worker of " + contestant, command,
            ProcessBuilder.Redirect.appendTo(log.toFile())));
    }

    /**
     * Runs one slice and waits for it to end.
     *
     * @param settleNs  the first part of the slice, whose round trips are not recorded (the echo peer waking).
     * @param measureNs the rest of the slice.
     * @param record    whether the slice counts, or is warm-up.
     * @return how many round trips it recorded.
     */
    long slice(final long settleNs, final long measureNs, final boolean record)
    {
        jvm.request(SliceWorker.SLICE + " " + settleNs + " " + measureNs + " " + record);
        return Long.parseLong(jvm.answer(SliceWorker.SLICED));
    }

    /**
     * @return every round trip recorded so far, in nanoseconds.
     */
    Histogram histogram()
    {
        jvm.request(SliceWorker.REPORT);
        try
        {
            return SliceWorker.decode(jvm.answer(SliceWorker.HISTOGRAM));
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalStateException("the slice worker of " + contestant + " sent an unreadable histogram",
                ex);
        }
    }

    @Override
    public void close()
    {
        jvm.close();
    }
}
