package dev.entangle.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One named participant as the coordinator sees it: the current process of that name, started again under the same
 * name after each kill. Its standard output goes to the {@link Ledger}, its standard error to ours with its name in
 * front, and its standard input is the pipe whose end tells it that the coordinator is gone.
 */
final class Child
{
    final String name;
    private final List<String> command;
    private final Ledger ledger;
    private final AtomicLong stderrLines;
    private volatile Process process;
    private volatile CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean ending;
    /** Set once the soak is over: nothing starts again. */
    private boolean closed;
    private int incarnations;

    /**
     * @param name        the context name it opens.
     * @param command     the command line that starts it.
     * @param ledger      where its reports go.
     * @param stderrLines counts the lines it writes on standard error.
     */
    Child(final String name, final List<String> command, final Ledger ledger, final AtomicLong stderrLines)
    {
        this.name = name;
        this.command = command;
        this.ledger = ledger;
        this.stderrLines = stderrLines;
    }

    /**
     * Starts a new incarnation, without waiting for it to be ready.
     */
    synchronized void start()
    {
        if (closed)
        {
            return;
        }
        final Process started;
        try
        {
            started = new ProcessBuilder(command).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + name, ex);
        }
        final long pid = started.pid();
        final CountDownLatch startedReady = new CountDownLatch(1);
        ready = startedReady;
        ending = false;
        process = started;
        incarnations++;
        pump(started.getInputStream(), "out-" + name + "-" + pid, line ->
        {
            if (Report.READY.equals(line))
            {
                startedReady.countDown();
            }
            else
            {
                ledger.report(name, pid, line);
            }
        });
        pump(started.getErrorStream(), "err-" + name + "-" + pid, line ->
        {
            stderrLines.incrementAndGet();
            System.err.println("[" + name + " " + pid + "] " + line);
        });
    }

    /**
     * @return true when the current incarnation opened its context within the limit.
     */
    boolean awaitReady(final long millis)
    {
        try
        {
            return ready.await(millis, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long pid()
    {
        return process.pid();
    }

    synchronized int incarnations()
    {
        return incarnations;
    }

    /**
     * @return the exit code of an incarnation that ended without being killed or stopped, else null.
     */
    Integer endedOnItsOwn()
    {
        final Process current = process;
        return !ending && current != null && !current.isAlive() ? current.exitValue() : null;
    }

    /**
     * Kills the current incarnation with SIGKILL, after telling the ledger, and waits until it is gone.
     */
    void kill()
    {
        final Process current = process;
        ending = true;
        ledger.killed(name, current.pid(), System.nanoTime());
        current.destroyForcibly();
        if (awaitExit(TimeUnit.SECONDS.toMillis(10)))
        {
            ledger.exited(current.pid(), System.nanoTime());
        }
    }

    /**
     * Asks the current incarnation to end: it writes its last counters, closes its context and exits.
     */
    void stop()
    {
        ending = true;
        try
        {
            final OutputStream in = process.getOutputStream();
            in.write((Participant.STOP + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        catch (final IOException ignore)
        {
            // Already gone.
        }
    }

    boolean awaitExit(final long millis)
    {
        try
        {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Kills the current incarnation, if any, without telling the ledger, and starts none again: the soak is over.
     *
     * @return true when it is gone within the limit.
     */
    boolean destroy(final long millis)
    {
        final Process current;
        synchronized (this)
        {
            closed = true;
            ending = true;
            current = process;
        }
        if (current != null)
        {
            current.destroyForcibly();
            return awaitExit(millis);
        }
        return true;
    }

    private static void pump(final InputStream stream, final String threadName, final Consumer<String> lines)
    {
        final Thread thread = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    lines.accept(line);
                }
            }
            catch (final IOException ignore)
            {
                // The process is gone.
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }
}
