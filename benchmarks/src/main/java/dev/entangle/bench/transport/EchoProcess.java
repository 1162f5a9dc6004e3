package dev.entangle.bench.transport;

import dev.entangle.JvmFlags;

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

/**
 * The echo peer's JVM, launched by the benchmark in its setup and stopped in its teardown. It gets the library's
 * JVM flags and this JVM's {@code entangle.*} settings, prints {@code ready} once it listens, and exits when its
 * standard input closes, so it never outlives the benchmark even when the benchmark's JVM is killed. Its standard
 * input and output also carry the allocation measurement of its echo thread ({@link #markAllocation()},
 * {@link #allocationPerMessage()}).
 */
public final class EchoProcess implements AutoCloseable
{
    private final Process process;
    private final Thread stopOnExit;
    private final BufferedReader out;
    private final Writer in;

    private EchoProcess(final Process process)
    {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stopOnExit = new Thread(process::destroyForcibly, "stop-echo-peer");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * @return the start of the command line of a JVM that runs a benchmark's side or an echo peer: the library's
     * flags and settings, those that raw Chronicle Queue needs, and this JVM's {@code bench.*} settings.
     */
    public static List<String> benchJvm()
    {
        final List<String> command = JvmFlags.childJvm();
        // The JVM may run a raw Chronicle Queue, which needs more flags than the library does.
        for (final String flag : dev.entangle.bench.BenchFlags.required())
        {
            if (!command.contains(flag))
            {
                command.add(1, flag);
            }
        }
        for (final String key : System.getProperties().stringPropertyNames())
        {
            if (key.startsWith(EchoPeer.SETTING_PREFIX))
            {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        return command;
    }

    static EchoProcess start(final String transport, final Path dir, final int maxPayload)
    {
        final List<String> command = benchJvm();
        final String extraFlags = System.getProperty(EchoPeer.JVM_FLAGS_PROP, "").trim();
        if (!extraFlags.isEmpty())
        {
            command.addAll(List.of(extraFlags.split(" +")));
        }
        command.add("-Xmx256m");
        command.add(dev.entangle.bench.BenchFlags.PRE_TOUCH);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EchoPeer.class.getName());
        command.add(transport);
        command.add(dir.toString());
        command.add(Integer.toString(maxPayload));
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
            final EchoProcess echo = new EchoProcess(process);
            echo.awaitReady();
            return echo;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start the echo peer", ex);
        }
    }

    private void awaitReady() throws IOException
    {
        String line;
        while ((line = out.readLine()) != null)
        {
            if ("ready".equals(line))
            {
                return;
            }
        }
        close();
        throw new IllegalStateException("the echo peer ended before it was ready, exit " + process.exitValue());
    }

    /**
     * Starts a measured period: returns once the echo peer counts what its echo thread allocates and the messages it
     * takes. Waited for, so that messages sent right after count (an echo peer slow to read the request would
     * otherwise start counting after a short measurement ended). The echo thread is known once it has taken a
     * message: mark after at least one (JMH marks after warm-up).
     */
    public void markAllocation()
    {
        request(EchoPeer.MARK);
        awaitLine(EchoPeer.MARKED);
    }

    /**
     * Makes the echo loop park when it finds nothing to do, until {@link #resume()}: for a link that stays open
     * while others are measured. Returns once the echo peer has taken the request.
     */
    public void pause()
    {
        request(EchoPeer.PAUSE);
        answered(EchoPeer.PAUSED);
    }

    /**
     * Makes the echo loop spin again; returns once the echo peer has taken the request.
     */
    public void resume()
    {
        request(EchoPeer.RESUME);
        answered(EchoPeer.RESUMED);
    }

    private void answered(final String answer)
    {
        if (awaitLine(answer) == null)
        {
            throw new IllegalStateException("the echo peer ended before it answered " + answer);
        }
    }

    private String awaitLine(final String prefix)
    {
        try
        {
            String line;
            while ((line = out.readLine()) != null)
            {
                // The JVM may print its own warnings on standard output; the answer is the line that starts so.
                if (line.startsWith(prefix))
                {
                    return line;
                }
            }
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("the echo peer did not answer " + prefix, ex);
        }
    }

    /**
     * Ends the measured period that {@link #markAllocation()} started.
     *
     * @return the bytes that the echo thread allocated per message it took in the period, or NaN when the echo peer
     * could not tell (no message yet, or the JVM does not count allocation per thread).
     */
    public double allocationPerMessage()
    {
        request(EchoPeer.REPORT);
        final String line = awaitLine(EchoMeter.REPORT_PREFIX);
        return line == null ? Double.NaN : EchoMeter.bytesPerMessage(line);
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
            throw new UncheckedIOException("the echo peer no longer reads its requests", ex);
        }
    }

    /**
     * @return the echo peer's process.
     */
    public ProcessHandle handle()
    {
        return process.toHandle();
    }

    @Override
    public void close()
    {
        try
        {
            in.close();
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final IOException | InterruptedException ex)
        {
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
