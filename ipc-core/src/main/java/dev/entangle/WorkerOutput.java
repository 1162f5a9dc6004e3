package dev.entangle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Copies a worker's standard output and error into this JVM's, line by line, each line prefixed with the worker's
 * name, on two daemon threads that end when the worker does.
 */
final class WorkerOutput
{
    private final Thread out;
    private final Thread err;

    private WorkerOutput(final Thread out, final Thread err)
    {
        this.out = out;
        this.err = err;
    }

    static WorkerOutput copy(final Process process, final String prefix)
    {
        return new WorkerOutput(
            pump(process.getInputStream(), () -> System.out, prefix, "out"),
            pump(process.getErrorStream(), () -> System.err, prefix, "err"));
    }

    /**
     * Waits, briefly, until everything the worker wrote has been copied.
     */
    void awaitEnd()
    {
        try
        {
            out.join(2_000);
            err.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(
        final InputStream from, final Supplier<PrintStream> to, final String prefix, final String which)
    {
        final Thread thread = new Thread(() ->
        {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    // Looked up per line, so a program that redirects System.out later still gets the lines.
                    final PrintStream target = to.get();
                    target.println(prefix + line);
                    target.flush();
                }
            }
            catch (final IOException ignore)
            {
                // The worker is gone; nothing more to copy.
            }
        }, "entangle-" + prefix.trim() + "-" + which);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
