package dev.entangle;

import dev.entangle.handshake.ProcessLiveness;
import dev.entangle.transport.OwnerOnlyFiles;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The liveness record of a context name, and the lock that makes the name unique among live contexts. The file
 * lock is released by the operating system when the process dies, so a dead process's name is reclaimed.
 * <pre>
 *  0 | magic (int) | version (int)                     |
 *  8 | pid | process start (ms) | context id           |  who holds the name now (context id 0: nobody)
 * 32 | inbox consumed index                            |  survives the holder, for the next one
 * 40 | heartbeat (epoch ms)                            |  written by the holder's event loop
 * </pre>
 * Death is decided by pid and process start time, which the kernel vouches for. The heartbeat shows how recently
 * the holder's loop ran; a loop that stalls (a debugger, a long listener, a paused process) is not dead and its
 * ports stay entangled, as a suspended page's do.
 */
final class ContextRecord implements AutoCloseable
{
    private static final int MAGIC = 0x45_4E_54_43;
    private static final int VERSION = 1;
    private static final int VERSION_OFFSET = 4;
    private static final int PID_OFFSET = 8;
    private static final int START_OFFSET = 16;
    private static final int CONTEXT_ID_OFFSET = 24;
    private static final int INBOX_CONSUMED_OFFSET = 32;
    private static final int HEARTBEAT_OFFSET = 40;
    private static final int LENGTH = 64;

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private ContextRecord(final FileChannel lockChannel, final FileLock lock, final MappedByteBuffer mapped)
    {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * Takes the name for a new context.
     *
     * @param dir       the name's folder.
     * @param name      the name, for the error message.
     * @param contextId the new context's id.
     * @return the record, holding the name until closed.
     * @throws IllegalStateException when a live context holds the name.
     */
    static ContextRecord acquire(final Path dir, final String name, final long contextId)
    {
        OwnerOnlyFiles.createDirectories(dir);
        FileChannel channel = null;
        try
        {
            final Path lockFile = dir.resolve("lock");
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            OwnerOnlyFiles.restrict(lockFile, OwnerOnlyFiles.FILE);
            FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
            if (lock == null)
            {
                final Holder holder = read(dir);
                throw new IllegalStateException("context name \"" + name + "\" is held by a live context" +
                    (holder == null ? "" : " (pid " + holder.pid + ")"));
            }
            final MappedByteBuffer mapped = map(dir.resolve("context"));
            final ContextRecord record = new ContextRecord(channel, lock, mapped);
            channel = null;
            final UnsafeBuffer buffer = record.buffer;
            if (buffer.getInt(0) != MAGIC)
            {
                buffer.putLong(INBOX_CONSUMED_OFFSET, -1);
                buffer.putInt(0, MAGIC);
                buffer.putIntRelease(VERSION_OFFSET, VERSION);
            }
            buffer.putLongRelease(CONTEXT_ID_OFFSET, 0);
            buffer.putLong(PID_OFFSET, ProcessLiveness.SELF_PID);
            buffer.putLong(START_OFFSET, ProcessLiveness.SELF_START);
            buffer.putLongRelease(CONTEXT_ID_OFFSET, contextId);
            return record;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            if (channel != null)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ignore)
                {
                    // The name was refused; the failure to close changes nothing.
                }
            }
        }
    }

    void heartbeat(final long epochMillis)
    {
        buffer.putLongRelease(HEARTBEAT_OFFSET, epochMillis);
    }

    long heartbeat()
    {
        return buffer.getLongVolatile(HEARTBEAT_OFFSET);
    }

    long inboxConsumedIndex()
    {
        return buffer.getLongVolatile(INBOX_CONSUMED_OFFSET);
    }

    void inboxConsumedIndex(final long index)
    {
        buffer.putLongRelease(INBOX_CONSUMED_OFFSET, index);
    }

    /**
     * Gives the name up: the record says nobody holds it, and the lock is released.
     */
    @Override
    public void close()
    {
        buffer.putLongRelease(CONTEXT_ID_OFFSET, 0);
        IoUtil.unmap(mapped);
        try
        {
            lock.release();
            lockChannel.close();
        }
        catch (final IOException ignore)
        {
            // Closing the channel releases the lock in any case.
        }
    }

    /**
     * Who holds a name, as seen by a sender.
     *
     * @param contextId the live context's id.
     * @param pid       its process.
     * @param start     its process start time.
     */
    record Holder(long contextId, long pid, long start)
    {
        /** Nobody holds the name: messages wait for the next context of that name. */
        static final Holder NOBODY = new Holder(0, 0, 0);
    }

    /**
     * A sender's read-only view of a name's record; kept open while the sender posts to the name.
     */
    static final class View implements AutoCloseable
    {
        private final Path file;
        private MappedByteBuffer mapped;
        private UnsafeBuffer buffer;

        View(final Path dir)
        {
            this.file = dir.resolve("context");
        }

        /**
         * @return the live holder of the name, or {@link Holder#NOBODY}.
         */
        synchronized Holder holder()
        {
            if (buffer == null)
            {
                if (!Files.exists(file))
                {
                    return Holder.NOBODY;
                }
                try
                {
                    mapped = map(file);
                }
                catch (final IOException ex)
                {
                    return Holder.NOBODY;
                }
                buffer = new UnsafeBuffer(mapped);
            }
            return holderOf(buffer);
        }

        @Override
        public synchronized void close()
        {
            if (mapped != null)
            {
                IoUtil.unmap(mapped);
                mapped = null;
                buffer = null;
            }
        }
    }

    private static Holder read(final Path dir)
    {
        try (View view = new View(dir))
        {
            final Holder holder = view.holder();
            return holder.contextId() == 0 ? null : holder;
        }
    }

    private static Holder holderOf(final UnsafeBuffer buffer)
    {
        if (buffer.getIntAcquire(VERSION_OFFSET) != VERSION)
        {
            return Holder.NOBODY;
        }
        final long id = buffer.getLongAcquire(CONTEXT_ID_OFFSET);
        if (id == 0)
        {
            return Holder.NOBODY;
        }
        final long pid = buffer.getLong(PID_OFFSET);
        final long start = buffer.getLong(START_OFFSET);
        if (id != buffer.getLongAcquire(CONTEXT_ID_OFFSET) || !ProcessLiveness.isAlive(pid, start))
        {
            return Holder.NOBODY;
        }
        return new Holder(id, pid, start);
    }

    private static MappedByteBuffer map(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            OwnerOnlyFiles.restrict(file, OwnerOnlyFiles.FILE);
            if (channel.size() < LENGTH)
            {
                channel.write(java.nio.ByteBuffer.allocate(LENGTH - (int)channel.size()), channel.size());
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH);
        }
    }
}
