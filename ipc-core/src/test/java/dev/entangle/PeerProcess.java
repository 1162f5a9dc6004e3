package dev.entangle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started by a test with the test's class path and the library's JVM flags. Closing it kills it
 * (kill -9) and waits, so no test leaves a JVM behind, even when it fails.
 */
final class PeerProcess implements AutoCloseable
{
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private PeerProcess(final Process process)
    {
        this.process = process;
        final Thread pump = new Thread(this::pump, "peer-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@link Peer} and waits until its context is open.
     */
    static PeerProcess peer(final Path dir, final String name, final String reportTo)
    {
        final PeerProcess peer = launch(Peer.class, dir.toString(), name, reportTo);
        peer.awaitLine("ready");
        return peer;
    }

    static PeerProcess launch(final Class<?> main, final String... args)
    {
        final List<String> command = JvmFlags.childJvm();
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try
        {
            return new PeerProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot launch " + main.getName(), ex);
        }
    }

    long pid()
    {
        return process.pid();
    }

    /**
     * Waits for a line of the child's output, failing with everything it printed if it never comes.
     */
    void awaitLine(final String expected)
    {
        final long deadline = System.nanoTime() + Await.LONG.toNanos();
        final StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline)
        {
            try
            {
                final String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null)
                {
                    seen.append(line).append('\n');
                    if (line.equals(expected))
                    {
                        return;
                    }
                }
                else if (!process.isAlive() && lines.isEmpty())
                {
                    break;
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("child never printed \"" + expected + "\"; it printed:\n" + seen);
    }

    /**
     * kill -9: the child gets no chance to clean up.
     */
    void kill()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(Await.LONG.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    int waitForExit()
    {
        try
        {
            if (!process.waitFor(Await.LONG.toMillis(), TimeUnit.MILLISECONDS))
            {
                throw new AssertionError("child did not exit");
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    @Override
    public void close()
    {
        kill();
    }

    private void pump()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.add(line);
                if (!line.equals("ready"))
                {
                    System.out.println("[peer " + process.pid() + "] " + line);
                }
            }
        }
        catch (final IOException ignore)
        {
            // The child is gone.
        }
    }
}
