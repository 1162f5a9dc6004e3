package dev.entangle.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test with the test's class path and the bridge's JVM flags: a bridge or a context of a
 * "host". Its output is kept line by line; closing it kills it (kill -9) and waits, so no test leaves a JVM behind.
 */
final class Child implements AutoCloseable
{
    static final Duration WAIT = Duration.ofSeconds(60);

    private final String label;
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer everything = new StringBuffer();
    private final PrintStream input;

    private Child(final String label, final Process process)
    {
        this.label = label;
        this.process = process;
        this.input = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        final Thread pump = new Thread(this::pump, "child-output-" + label);
        pump.setDaemon(true);
        pump.start();
    }

    static Child launch(final String label, final List<String> jvmOptions, final Class<?> main, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.javaHome());
        command.addAll(Arrays.asList(System.getProperty("bridge.jvm.flags", "").trim().split("\\s+")));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        command.removeIf(String::isEmpty);
        try
        {
            return new Child(label, new ProcessBuilder(command).redirectErrorStream(true).start());
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
     * Sends a line to the child's standard input.
     */
    void send(final String line)
    {
        input.println(line);
    }

    /**
     * Waits for a line that contains {@code prefix}, failing with everything the child printed if it never comes.
     *
     * @return the line.
     */
    String await(final String prefix)
    {
        return await(prefix, WAIT);
    }

    String await(final String prefix, final Duration wait)
    {
        final long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline)
        {
            try
            {
                final String line = lines.poll(50, TimeUnit.MILLISECONDS);
                if (line != null && line.contains(prefix))
                {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty())
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
        throw new AssertionError(label + " never printed \"" + prefix + "...\"; it printed:\n" + everything);
    }

    /**
     * @return everything the child printed so far.
     */
    String output()
    {
        return everything.toString();
    }

    /**
     * kill -9: the child gets no chance to clean up.
     */
    void kill()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the child to stop (SIGTERM) and waits for it.
     */
    void stop()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS))
            {
                kill();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void pump()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                everything.append(line).append('\n');
                lines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // The child is gone.
        }
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            kill();
        }
    }

    /**
     * The java executable of this JVM.
     */
    private static final class Path
    {
        static String javaHome()
        {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}
