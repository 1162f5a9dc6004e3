package dev.entangle.internal.runtime;

import dev.entangle.internal.fs.SafeFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * The locks that make context names unique among live contexts: one byte of one shared file per name, at an offset
 * given by a 62-bit hash of the name. The operating system releases a dead process's locks, so its names are
 * reclaimed. Locks belong to the whole JVM and closing any channel of the file would release all of them, so this
 * JVM opens the file once per directory and never closes it while a lock is held; a second attempt on a held name
 * from this JVM is refused by the JVM's own bookkeeping without touching the held lock.
 */
final class NameLocks implements AutoCloseable
{
    private final FileChannel channel;

    NameLocks(final Path file)
    {
        FileChannel opened;
        try
        {
            try
            {
                opened = SafeFiles.createFile(file, 0);
            }
            catch (final FileAlreadyExistsException exists)
            {
                opened = SafeFiles.openFile(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the name locks " + file, ex);
        }
        this.channel = opened;
    }

    /**
     * @param name a context name.
     * @return the lock, or null when another live context (in this JVM or another) holds the name.
     */
    FileLock tryLock(final String name)
    {
        try
        {
            return channel.tryLock(offsetOf(name), 1, false);
        }
        catch (final OverlappingFileLockException heldHere)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock the name " + name, ex);
        }
    }

    static long offsetOf(final String name)
    {
        // FNV-1a over the UTF-8 bytes, folded to 62 bits so the offset is a valid positive file position.
        long hash = 0xcbf29ce484222325L;
        for (final byte b : name.getBytes(StandardCharsets.UTF_8))
        {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return (hash ^ (hash >>> 62)) & 0x3FFF_FFFF_FFFF_FFFFL;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Closing releases the locks in any case.
        }
    }
}
