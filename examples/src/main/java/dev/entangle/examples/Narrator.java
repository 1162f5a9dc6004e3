package dev.entangle.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.entangle.JvmFlags;

/**
 * What the examples share: narration, a private shared directory, waiting with a limit, and launching the second
 * process of an example.
 */
final class Narrator
{
    /** No example waits longer than this for something to happen. */
    static final long TIMEOUT_SECONDS = 60;

    private final String who;

    Narrator(final String who)
    {
        this.who = who;
    }

    void say(final String format, final Object... args)
    {
        System.out.println("[" + who + "] " + String.format(format, args));
        System.out.flush();
    }

    /**
     * Deletes an example's directory and everything left in it.
     */
    static void deleteDirectory(final Path dir)
    {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException | UncheckedIOException ignore)
        {
            // Already gone.
        }
    }

    /**
     * A fresh owner-only directory for one run, in shared memory where there is some.
     */
    static Path freshDirectory()
    {
        try
        {
            final Path shm = Path.of("/dev/shm");
            final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm :
                Path.of(System.getProperty("java.io.tmpdir"));
            return Files.createTempDirectory(base, "entangle-example-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the next item, or null when none came within the limit.
     */
    static <T> T next(final BlockingQueue<T> queue)
    {
        try
        {
            return queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Starts this program again in a new JVM, with the library's JVM flags, its output going to ours.
     */
    static Process launch(final String example, final String... args)
    {
        final List<String> command = JvmFlags.childJvm();
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Examples.class.getName());
        command.add(example);
        command.addAll(List.of(args));
        try
        {
            return new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot launch the second process", ex);
        }
    }

    /**
     * In a second process: ends it when the first process goes away (its standard input, a pipe from the first,
     * closes), so an example never leaves a process behind.
     */
    static void exitWithParent()
    {
        final Thread lifeline = new Thread(() ->
        {
            try
            {
                while (System.in.read() >= 0)
                {
                    // Nothing is sent; the pipe only tells that the first process lives.
                }
            }
            catch (final IOException ignore)
            {
                // Same as the end of the pipe.
            }
            Runtime.getRuntime().halt(143);
        }, "lifeline");
        lifeline.setDaemon(true);
        lifeline.start();
    }

    /**
     * @return the process's exit code, or -1 when it did not end within the limit (it is killed then).
     */
    static int awaitExit(final Process process)
    {
        try
        {
            if (process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                return process.exitValue();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }
}
