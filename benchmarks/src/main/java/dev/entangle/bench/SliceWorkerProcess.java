package dev.entangle.bench;

import dev.entangle.bench.transport.EchoProcess;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;

/**
 * The driver's handle on one {@link SliceWorker} JVM: starts it, asks it for slices and for its histogram, and
 * stops it (which stops its echo peer too). The worker never outlives the driver: it ends when its standard input
 * closes, and a shutdown hook kills it when the driver ends before closing it.
 */
final class SliceWorkerProcess implements AutoCloseable
{
    private final String contestant;
    private final Process process;
    private final Thread stopOnExit;
    private final BufferedReader out;
    private final Writer in;

    private SliceWorkerProcess(final String contestant, final Process process)
    {
        this.contestant = contestant;
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stopOnExit = new Thread(process::destroyForcibly, "stop-slice-worker");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
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
        final List<String> command = EchoProcess.benchJvm();
        command.add(BenchFlags.HEAP);
        command.add(BenchFlags.PRE_TOUCH);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SliceWorker.class.getName());
        command.add(contestant);
        command.add(Integer.toString(payloadBytes));
        final Process process;
        try
        {
            process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start the slice worker of " + contestant, ex);
        }
        final SliceWorkerProcess worker = new SliceWorkerProcess(contestant, process);
        try
        {
            worker.await(SliceWorker.READY);
            return worker;
        }
        catch (final RuntimeException ex)
        {
            worker.close();
            throw ex;
        }
    }

    /**
     * @return the contestant this worker measures.
     */
    String contestant()
    {
        return contestant;
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
        request(SliceWorker.SLICE + " " + settleNs + " " + measureNs + " " + record);
        return Long.parseLong(await(SliceWorker.SLICED));
    }

    /**
     * @return every round trip recorded so far, in nanoseconds.
     */
    Histogram histogram()
    {
        request(SliceWorker.REPORT);
        try
        {
            return SliceWorker.decode(await(SliceWorker.HISTOGRAM));
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalStateException("the slice worker of " + contestant + " sent an unreadable histogram",
                ex);
        }
    }

    /**
     * @return the worker's process, which is the parent of its echo peer's.
     */
    ProcessHandle handle()
    {
        return process.toHandle();
    }

    private void request(final String line)
    {
        try
        {
            in.write(line + "\n");
            in.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("the slice worker of " + contestant + " no longer reads its requests", ex);
        }
    }

    /**
     * @return the rest of the first line that starts with {@code word}; lines before it are the JVM's or a logger's.
     */
    private String await(final String word)
    {
        try
        {
            String line;
            while ((line = out.readLine()) != null)
            {
                if (line.equals(word) || line.startsWith(word + " "))
                {
                    return line.substring(word.length()).trim();
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("the slice worker of " + contestant + " did not answer " + word, ex);
        }
        throw new IllegalStateException("the slice worker of " + contestant + " ended before it answered " + word +
            " (see the log for its standard error)");
    }

    @Override
    public void close()
    {
        try
        {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // The hook runs anyway.
        }
    }
}
