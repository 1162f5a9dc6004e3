package dev.entangle.internal.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * The routes file of one directory, read again when it changes: looked at no more often than every
 * {@link #CHECK_NANOS}, so that posting costs one volatile read. No file: every name is local.
 */
public final class RouteCache
{
    /** The routes file, in the directory's bridge folder. */
    public static final String FILE_NAME = "routes";
    /** How often the file's time and size are looked at. */
    static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Path file;
    private volatile Snapshot snapshot;

    private record Snapshot(RouteTable table, long modified, long size, long checkedNanos)
    {
    }

    /**
     * @param bridgeFolder the directory's bridge folder.
     */
    public RouteCache(final Path bridgeFolder)
    {
        this.file = bridgeFolder.resolve(FILE_NAME);
        this.snapshot = new Snapshot(null, -1, -1, System.nanoTime() - 2 * CHECK_NANOS);
    }

    /**
     * @return the routes in force, or null when no bridge published any.
     * @throws IllegalStateException when the file cannot be read or understood.
     */
    public RouteTable current()
    {
        final Snapshot seen = snapshot;
        final long now = System.nanoTime();
        if (now - seen.checkedNanos < CHECK_NANOS)
        {
            return seen.table;
        }
        return reload(seen, now);
    }

    private synchronized RouteTable reload(final Snapshot seen, final long now)
    {
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            snapshot = new Snapshot(null, -1, -1, now);
            return null;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the routes file " + file + ": " + ex, ex);
        }
        final long modified = attributes.lastModifiedTime().toMillis();
        if (seen.table != null && modified == seen.modified && attributes.size() == seen.size)
        {
            snapshot = new Snapshot(seen.table, modified, seen.size, now);
            return seen.table;
        }
        if (!attributes.isRegularFile())
        {
            throw new IllegalStateException("the routes file " + file + " is not a regular file");
        }
        try
        {
            final RouteTable table = RouteTable.parse(Files.readString(file, StandardCharsets.UTF_8));
            snapshot = new Snapshot(table, modified, attributes.size(), now);
            return table;
        }
        catch (final NoSuchFileException ex)
        {
            snapshot = new Snapshot(null, -1, -1, now);
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("cannot read the routes file " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param name a context name about to be opened here.
     * @throws IllegalStateException when the name is routed to another host.
     */
    public void checkOpenable(final String name)
    {
        final RouteTable table = current();
        final String host = table == null ? null : table.remoteHostOf(name);
        if (host != null)
        {
            throw new IllegalStateException("context name \"" + name + "\" is routed to host " + host + " by " +
                file + ": open it there, or change the federation file");
        }
    }

    /**
     * Publishes routes: written beside the file, then renamed over it, so a reader sees the old file or the new.
     *
     * @param bridgeFolder the directory's bridge folder, which exists.
     * @param table        the routes.
     * @throws IOException when the file cannot be written.
     */
    public static void publish(final Path bridgeFolder, final RouteTable table) throws IOException
    {
        final Path temporary = bridgeFolder.resolve(FILE_NAME + ".new");
        Files.deleteIfExists(temporary);
        try (java.nio.channels.FileChannel channel = dev.entangle.internal.fs.SafeFiles.createFile(temporary, 0))
        {
            channel.write(java.nio.ByteBuffer.wrap(table.format().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, bridgeFolder.resolve(FILE_NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
