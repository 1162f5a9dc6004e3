package dev.entangle.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The soak's shared directory: {@code entangle-soak-<coordinator pid>-<random>}, owner-only, in {@code /dev/shm}
 * where there is one, else in {@code java.io.tmpdir}. A coordinator removes its directory when it ends, even on
 * SIGTERM; one killed with SIGKILL cannot, so the next soak removes the directories whose coordinator is gone.
 */
final class SoakDirectory
{
    private static final String PREFIX = "entangle-soak-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");

    private SoakDirectory()
    {
    }

    /**
     * @return a new directory for this soak.
     */
    static Path create()
    {
        try
        {
            return Files.createTempDirectory(base(), PREFIX + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot make the soak's directory", ex);
        }
    }

    /**
     * Removes the directories of earlier soaks whose coordinator no longer runs, when this user owns them.
     *
     * @return the directories removed.
     */
    static List<Path> removeAbandoned()
    {
        final List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base(), PREFIX + "*"))
        {
            final String me = System.getProperty("user.name");
            for (final Path entry : entries)
            {
                final Matcher name = NAME.matcher(entry.getFileName().toString());
                if (name.matches() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) &&
                    me.equals(Files.getOwner(entry, LinkOption.NOFOLLOW_LINKS).getName()) &&
                    !running(Long.parseLong(name.group(1))))
                {
                    delete(entry);
                    removed.add(entry);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Best effort: a directory left over takes memory, not correctness.
        }
        return removed;
    }

    /**
     * Deletes a directory and everything in it.
     */
    static void delete(final Path directory)
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException | UncheckedIOException ignore)
        {
            // Already gone.
        }
    }

    private static boolean running(final long pid)
    {
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }

    private static Path base()
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
