package dev.entangle.internal.fs;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * A whole file mapped read-write, with no descriptor kept open: the mapping alone keeps the memory. It remembers its
 * file and length, so that after a fault ({@link InternalError} from a truncated mapping) the damaged regions can be
 * found by their size on disk. Unmapping while another thread reads would crash the JVM, so {@link #close()} is only
 * called by whoever guarantees that no other thread still uses the buffer.
 */
public final class MappedRegion implements AutoCloseable
{
    private static final long PAGE = 4096;

    private final Path file;
    private final int length;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private boolean closed;

    private MappedRegion(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.length = mapped.capacity();
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * Creates and maps a new owner-only file, zero-filled (sparse).
     *
     * @param file   the file; nothing may exist there.
     * @param length its length.
     * @return the mapping.
     * @throws FileAlreadyExistsException when something exists at {@code file}.
     * @throws UncheckedIOException       on any other failure.
     */
    public static MappedRegion create(final Path file, final int length) throws FileAlreadyExistsException
    {
        try (FileChannel channel = SafeFiles.createFile(file, length))
        {
            return new MappedRegion(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, length));
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + file, ex);
        }
    }

    /**
     * Maps an existing file whole.
     *
     * @param file      the file.
     * @param minLength the least length a valid file has.
     * @param maxLength the most.
     * @return the mapping, or null when the file is missing, a link, or of a length outside the bounds.
     */
    public static MappedRegion openExisting(final Path file, final int minLength, final int maxLength)
    {
        try (FileChannel channel = SafeFiles.openFile(file))
        {
            final long size = channel.size();
            if (size < minLength || size > maxLength)
            {
                return null;
            }
            return new MappedRegion(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, size));
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * @return the buffer over the whole mapping.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return a new view of the mapping as a byte buffer, for APIs that take one; it shares the memory.
     */
    public java.nio.ByteBuffer byteBuffer()
    {
        return mapped.duplicate();
    }

    /**
     * @return the mapped file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the mapped length.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return true when the mapped file is now shorter than the mapping, so that an access past its end faults. The
     * size is read through {@code /proc/self/map_files}, which names the file this mapping holds even when its path
     * was deleted or replaced since; where that is not readable, through the path.
     */
    public boolean isTruncated()
    {
        long size = -1;
        try
        {
            final long start = buffer.addressOffset();
            final long end = start + ((length + PAGE - 1) & -PAGE);
            size = java.nio.file.Files.size(
                Path.of("/proc/self/map_files/" + Long.toHexString(start) + "-" + Long.toHexString(end)));
        }
        catch (final java.io.IOException | SecurityException | UnsupportedOperationException ex)
        {
            size = SafeFiles.sizeOf(file);
        }
        return size >= 0 && size < length;
    }

    /**
     * Unmaps; idempotent. The caller guarantees that no thread uses the buffer any more.
     */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }

    @Override
    public String toString()
    {
        return file.toString();
    }
}
