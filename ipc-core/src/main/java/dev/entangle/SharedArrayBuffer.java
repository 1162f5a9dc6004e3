package dev.entangle;

import dev.entangle.internal.handshake.BufferFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.handshake.TransitTicket;
import dev.entangle.internal.stats.CloseCause;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Bytes in shared memory that every holder sees: posted in a message (never in a transfer list), it arrives as a
 * holder of the same memory, so contexts in different processes read and write the same bytes, with the atomic and
 * ordered operations of Agrona's {@link AtomicBuffer} working across them. The memory is freed when no holder is
 * left: each one lets go when it is closed, its context closes, its process dies or it is garbage collected; a
 * message carrying it holds it until it is read (or can no longer arrive).
 */
public final class SharedArrayBuffer implements AutoCloseable
{
    private final BufferHold hold;
    private final int byteLength;
    private volatile boolean closed;

    private SharedArrayBuffer(final BufferHold hold, final int byteLength)
    {
        this.hold = hold;
        this.byteLength = byteLength;
        this.closed = hold == null;
        if (hold != null)
        {
            hold.context.runtime().cleaner().register(this, hold);
        }
    }

    /**
     * @param context    the context that holds it first.
     * @param byteLength its length in bytes, zero-filled; the data starts page-aligned, so every atomic access
     *                   aligned within it is aligned in memory.
     * @return a new buffer.
     * @throws IllegalStateException    when the context is closed.
     * @throws IllegalArgumentException for a negative or too large length.
     */
    public static SharedArrayBuffer allocate(final Context context, final int byteLength)
    {
        Objects.requireNonNull(context, "context");
        context.core().checkOpen("allocate a SharedArrayBuffer");
        final ContextCore core = context.core();
        final BufferFile file = core.runtime().buffers()
            .create(BufferFile.SHARED_ARRAY_BUFFER, byteLength, core.owner(-1));
        return new SharedArrayBuffer(new BufferHold(core, file, 0), byteLength);
    }

    /**
     * @return its length in bytes.
     */
    public int byteLength()
    {
        return byteLength;
    }

    /**
     * @return a view of the shared bytes with atomic and ordered access, across processes.
     * @throws IllegalStateException once this holder is closed.
     */
    public AtomicBuffer asAtomicBuffer()
    {
        checkOpen();
        return hold.file.data();
    }

    /**
     * @return a view of the shared bytes, in the platform's byte order, as {@link #asAtomicBuffer()} reads them.
     * @throws IllegalStateException once this holder is closed.
     */
    public ByteBuffer asByteBuffer()
    {
        checkOpen();
        return hold.file.dataByteBuffer();
    }

    /**
     * This holder lets go; the memory is freed when no holder is left. Idempotent.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            hold.release(CloseCause.CLOSED);
        }
    }

    @Override
    public String toString()
    {
        return "SharedArrayBuffer[" + byteLength + " bytes" + (closed ? ", closed" : "") + "]";
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("this SharedArrayBuffer holder is closed");
        }
    }

    boolean isClosed()
    {
        return closed;
    }

    /**
     * Takes a holder slot for a message that carries this buffer, in transit with a fresh token: the memory stays
     * until the message is read or can no longer arrive. Called with the transitions lock held.
     *
     * @return the entry, or null when every slot is in use.
     */
    TransferEntry carry(final Custodian custodian)
    {
        final BufferFile file = hold.file;
        final int slot = file.acquireSlot(hold.context.owner(-1));
        if (slot < 0)
        {
            return null;
        }
        final TransitTicket ticket = file.record(slot).beginTransit(custodian, hold.context.runtime().random());
        final ChannelId id = file.id();
        return new TransferEntry(TransferEntry.SHARED_BUFFER, id.high(), id.low(), slot, ticket, 0);
    }

    /**
     * @return a holder of the memory a message carried, for {@code context}; closed when the claim failed.
     */
    static SharedArrayBuffer claim(final ContextCore context, final TransferEntry entry)
    {
        final BufferFile file = entry.ticket().isLost() ? null :
            context.runtime().buffers().open(new ChannelId(entry.high(), entry.low()));
        if (file == null || entry.side() >= file.slots() ||
            !file.record(entry.side()).claim(entry.ticket(), context.owner(-1)))
        {
            return new SharedArrayBuffer(null, file == null ? 0 : file.byteLength());
        }
        return new SharedArrayBuffer(new BufferHold(context, file, entry.side()), file.byteLength());
    }
}
