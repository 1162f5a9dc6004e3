package dev.entangle.internal.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Shared state belongs to the user who runs the processes, and to nobody else: folders are made 0700 and files 0600
 * at creation (never widened and narrowed later), a folder we use that another user owns or that group or others may
 * write is refused with a message that says what to do, and symbolic links are never followed.
 */
public final class SafeFiles
{
    /** Environment variable users set to choose the directory; named in every error about a folder. */
    public static final String DIRECTORY_ENV_NAME = "ENTANGLE_DIR";

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE =
        EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final LinkOption[] NO_FOLLOW = { LinkOption.NOFOLLOW_LINKS };
    private static final Object UID = currentUid();

    private SafeFiles()
    {
    }

    /**
     * Makes sure {@code dir} is a folder of ours: creates it (and missing parents) owner-only, or checks the one that
     * exists.
     *
     * @param dir the folder.
     * @throws IllegalStateException when it exists but is a link, not a folder, owned by another user, or writable
     *                               by group or others; the message names it and says what to do.
     */
    public static void ensureDirectory(final Path dir)
    {
        final Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.exists(absolute, NO_FOLLOW))
        {
            final Path parent = absolute.getParent();
            if (parent != null && !Files.exists(parent))
            {
                ensureDirectory(parent);
            }
            try
            {
                Files.createDirectory(absolute, folderAttribute());
                return;
            }
            catch (final FileAlreadyExistsException raced)
            {
                // Another process made it first: check theirs below.
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(problem(absolute, "cannot be created (" + ex + ")"), ex);
            }
        }
        checkOurs(absolute);
    }

    /**
     * Checks a folder that exists and that the library uses.
     *
     * @param dir the folder.
     * @throws IllegalStateException when it is not a plain folder owned by this user and closed to others.
     */
    public static void checkOurs(final Path dir)
    {
        final PosixFileAttributes attributes = posixAttributes(dir);
        if (attributes == null)
        {
            if (!Files.isDirectory(dir, NO_FOLLOW))
            {
                throw new IllegalStateException(problem(dir, "is not a folder"));
            }
            return;
        }
        if (attributes.isSymbolicLink())
        {
            throw new IllegalStateException(problem(dir, "is a symbolic link; links are never followed"));
        }
        if (!attributes.isDirectory())
        {
            throw new IllegalStateException(problem(dir, "is not a folder"));
        }
        if (UID != null && !UID.equals(uidOf(dir)))
        {
            throw new IllegalStateException(problem(dir, "is owned by " + attributes.owner().getName() +
                ", not by the user running this process (" + System.getProperty("user.name") + ")"));
        }
        final Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) ||
            permissions.contains(PosixFilePermission.OTHERS_WRITE))
        {
            throw new IllegalStateException(problem(dir, "may be written by group or others (mode " +
                PosixFilePermissions.toString(permissions) + "); it must be closed to other users (chmod 700)"));
        }
    }

    /**
     * @param dir a folder inside a checked directory.
     * @return true when it was created by this call, false when it existed (and was checked).
     */
    public static boolean createDirectory(final Path dir)
    {
        try
        {
            Files.createDirectory(dir, folderAttribute());
            return true;
        }
        catch (final FileAlreadyExistsException exists)
        {
            checkOurs(dir);
            return false;
        }
        catch (final NoSuchFileException ex)
        {
            throw new UncheckedIOException(problem(dir, "cannot be created: its parent is gone"), ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(problem(dir, "cannot be created (" + ex + ")"), ex);
        }
    }

    /**
     * Creates a new file, owner-only, failing if anything (a link included) exists at {@code file}.
     *
     * @param file   the file.
     * @param length its length; the file is sparse.
     * @return an open channel on it, to map and close.
     * @throws FileAlreadyExistsException when something exists there.
     * @throws IOException                on any other failure.
     */
    public static FileChannel createFile(final Path file, final long length) throws IOException
    {
        final Set<OpenOption> options = Set.of(
            StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
        final FileChannel channel = fileAttribute() == null ?
            FileChannel.open(file, options) : FileChannel.open(file, options, fileAttribute());
        try
        {
            if (length > 0)
            {
                channel.truncate(length);
                if (channel.size() < length)
                {
                    // truncate only shrinks: extend the sparse file by writing its last byte.
                    channel.write(java.nio.ByteBuffer.allocate(1), length - 1);
                }
            }
            return channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Opens an existing file for reading and writing, never through a symbolic link.
     *
     * @param file the file.
     * @return the channel.
     * @throws IOException when it is missing, a link, or cannot be opened.
     */
    public static FileChannel openFile(final Path file) throws IOException
    {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * @param file a file.
     * @return its length, or -1 when it is missing or a link.
     */
    public static long sizeOf(final Path file)
    {
        try
        {
            final var attributes = Files.readAttributes(
                file, java.nio.file.attribute.BasicFileAttributes.class, NO_FOLLOW);
            return attributes.isRegularFile() ? attributes.size() : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    /**
     * @param file a file or folder.
     * @return true when it exists (a link counts, and is not followed).
     */
    public static boolean exists(final Path file)
    {
        return Files.exists(file, NO_FOLLOW);
    }

    /**
     * Deletes a file, ignoring one that is gone already.
     *
     * @param file the file.
     */
    public static void delete(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignore)
        {
            // Another process deleted it or its folder; the sweep removes whatever is left.
        }
    }

    /**
     * Deletes a folder and everything in it without following links; entries that vanish meanwhile are ignored.
     *
     * @param dir the folder.
     */
    public static void deleteRecursively(final Path dir)
    {
        if (Files.isDirectory(dir, NO_FOLLOW))
        {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
            {
                for (final Path entry : entries)
                {
                    deleteRecursively(entry);
                }
            }
            catch (final IOException ignore)
            {
                // Deleted by another process meanwhile.
            }
        }
        delete(dir);
    }

    /**
     * @param dir a folder.
     * @return its entries, or an empty list when it is missing.
     */
    public static java.util.List<Path> list(final Path dir)
    {
        final java.util.List<Path> entries = new java.util.ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir))
        {
            for (final Path entry : stream)
            {
                entries.add(entry);
            }
        }
        catch (final IOException ignore)
        {
            // Missing or deleted meanwhile: nothing to list.
        }
        return entries;
    }

    private static String problem(final Path dir, final String what)
    {
        return "the Entangle folder " + dir + " " + what + ". Shared state must be private to one user: choose a " +
            "folder of your own with Context.Builder.directory(...) or the environment variable " +
            DIRECTORY_ENV_NAME + ", or fix this one";
    }

    private static PosixFileAttributes posixAttributes(final Path path)
    {
        try
        {
            final PosixFileAttributeView view =
                Files.getFileAttributeView(path, PosixFileAttributeView.class, NO_FOLLOW);
            return view == null ? null : view.readAttributes();
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalStateException(problem(path, "does not exist"), ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(problem(path, "cannot be read (" + ex + ")"), ex);
        }
    }

    private static Object uidOf(final Path path)
    {
        try
        {
            return Files.getAttribute(path, "unix:uid", NO_FOLLOW);
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return UID;
        }
    }

    private static Object currentUid()
    {
        try
        {
            // The kernel makes /proc/self owned by the process's effective user.
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> folderAttribute()
    {
        return PosixFilePermissions.asFileAttribute(FOLDER);
    }

    private static FileAttribute<Set<PosixFilePermission>> fileAttribute()
    {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    static boolean isClosedToOthers(final Set<PosixFilePermission> permissions)
    {
        return permissions.stream().noneMatch(GROUP_OR_OTHERS_WRITE::contains);
    }
}
