package dev.entangle.bench.transport;

import dev.entangle.JvmFlags;
import dev.entangle.bench.BenchFlags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that the benchmarks start and talk to over its standard input and output, a line per request and a line per
 * answer. It never outlives this JVM: it is expected to end when its standard input closes (which also happens when
 * this JVM dies, however), and a shutdown hook kills it when this JVM ends before closing it.
 */
public final class PipedJvm implements AutoCloseable
{
    /** The first line such a JVM prints, once it can take requests. */
    public static final String READY = "ready";

    private final String name;
    private final Process process;
    private final Thread stopOnExit;
    private final BufferedReader out;
    private final Writer in;

    private PipedJvm(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stopOnExit = new Thread(process::destroyForcibly, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts the JVM and waits for its first answer, {@link #READY}.
     *
     * @param name    what it is, for messages.
     * @param command its command line.
     * @param errors  where its standard error goes.
     * @return the running JVM.
     * @throws IllegalStateException when it ends before it is ready.
     */
    public static PipedJvm start(final String name, final List<String> command,
        final ProcessBuilder.Redirect errors)
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectError(errors).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start the " + name, ex);
        }
        final PipedJvm jvm = new PipedJvm(name, process);
        try
        {
            if (jvm.awaitLine(READY) == null)
            {
                throw new IllegalStateException("the " + name + " ended before it was ready, exit " +
                    process.waitFor());
            }
            return jvm;
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            jvm.close();
            throw ex instanceof RuntimeException runtime ? runtime :
                new IllegalStateException("interrupted while the " + name + " started", ex);
        }
    }

    /**
     * @return the start of the command line of a JVM that runs a benchmark's side or an echo peer: the library's
     * flags and settings, those that raw Chronicle Queue needs, and this JVM's {@code bench.*} settings.
     */
    public static List<String> benchCommand()
    {
        final List<String> command = JvmFlags.childJvm();
        // The JVM may run a raw Chronicle Queue, which needs more flags than the library does.
        for (final String flag : BenchFlags.required())
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

    /**
     * Sends one request.
     *
     * @param line the request, without its line end.
     */
    public void request(final String line)
    {
        try
        {
            in.write(line + "\n");
            in.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("the " + name + " no longer reads its requests", ex);
        }
    }

    /**
     * @param prefix how the awaited answer starts.
     * @return the first line that starts so, skipping others (the JVM or a logger may print their own lines);
     * null when the JVM's output ends first.
     */
    public String awaitLine(final String prefix)
    {
        try
        {
            String line;
            while ((line = out.readLine()) != null)
            {
                if (line.startsWith(prefix))
                {
                    return line;
                }
            }
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("the " + name + " did not answer " + prefix, ex);
        }
    }

    /**
     * @param prefix how the awaited answer starts.
     * @return the rest of that answer, trimmed.
     * @throws IllegalStateException when the JVM's output ends first.
     */
    public String answer(final String prefix)
    {
        final String line = awaitLine(prefix);
        if (line == null)
        {
            throw new IllegalStateException("the " + name + " ended before it answered " + prefix);
        }
        return line.substring(prefix.length()).trim();
    }

    /**
     * @return its process.
     */
    public ProcessHandle handle()
    {
        return process.toHandle();
    }

    /**
     * Closes its standard input and waits for it to end; kills it, and what it started, when it does not.
     */
    @Override
    public void close()
    {
        try
        {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                kill();
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            kill();
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

    private void kill()
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        try
        {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
