package dev.entangle.cli;

import dev.entangle.JvmFlags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test, with the test's class path and the library's JVM flags, or any command. Closing it
 * kills it (kill -9) and waits, so no test leaves a process behind, even when it fails.
 */
final class ChildProcess implements AutoCloseable
{
    static final long WAIT_MILLIS = 60_000;

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();
    private final Thread pump;

    private ChildProcess(final Process process)
    {
        this.process = process;
        this.pump = new Thread(this::pump, "child-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a main class of the tests' class path.
     */
    static ChildProcess java(final Class<?> main, final String... args)
    {
        final List<String> command = JvmFlags.childJvm();
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return start(command);
    }

    static ChildProcess start(final List<String> command)
    {
        try
        {
            return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot start " + command, ex);
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
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
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
     * Waits for the child to end by itself.
     *
     * @return its exit code.
     */
    int waitForExit()
    {
        try
        {
            if (!process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS))
            {
                throw new AssertionError("child did not exit; it printed:\n" + output);
            }
            pump.join(WAIT_MILLIS);
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /**
     * @return everything it printed so far.
     */
    String output()
    {
        return output.toString();
    }

    /**
     * kill -9: the child gets no chance to clean up; returns once it is gone.
     */
    void kill()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
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
                output.append(line).append('\n');
                System.out.println("[child " + process.pid() + "] " + line);
            }
        }
        catch (final IOException ignore)
        {
            // The child is gone.
        }
    }
}
