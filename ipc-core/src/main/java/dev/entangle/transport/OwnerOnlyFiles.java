package dev.entangle.transport;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Shared state is private to the user who runs the processes: folders are 0700 and files 0600.
 */
public final class OwnerOnlyFiles
{
    /** Owner read and write. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    /** Owner read, write and search. */
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles()
    {
    }

    /**
     * Creates a folder and its missing parents, each 0700.
     *
     * @param dir the folder.
     */
    public static void createDirectories(final Path dir)
    {
        try
        {
            if (Files.isDirectory(dir))
            {
                return;
            }
            final Path parent = dir.toAbsolutePath().getParent();
            if (parent != null)
            {
                createDirectories(parent);
            }
            try
            {
                Files.createDirectory(dir);
            }
            catch (final FileAlreadyExistsException ignore)
            {
                return;
            }
            restrict(dir, FOLDER);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Sets POSIX permissions where the file system has them.
     *
     * @param path        the file or folder.
     * @param permissions to set.
     */
    public static void restrict(final Path path, final Set<PosixFilePermission> permissions)
    {
        try
        {
            Files.setPosixFilePermissions(path, permissions);
        }
        catch (final UnsupportedOperationException | IOException ignore)
        {
            // Not a POSIX file system, or the file went away: nothing to narrow.
        }
    }

    /**
     * Deletes a folder and everything in it; files that vanish meanwhile are ignored.
     *
     * @param dir the folder.
     */
    public static void deleteRecursively(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (var paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p ->
            {
                try
                {
                    Files.deleteIfExists(p);
                }
                catch (final IOException ignore)
                {
                    // Another process is deleting the same folder.
                }
            });
        }
        catch (final IOException | UncheckedIOException ignore)
        {
            // Another process is deleting the same folder.
        }
    }
}
