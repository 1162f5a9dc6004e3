package dev.entangle;

import dev.entangle.internal.handshake.BufferFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.handshake.TransitTicket;
import dev.entangle.internal.stats.CloseCause;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Bytes in shared memory that move between contexts without a copy. In a transfer list, an {@code ArrayBuffer}
 * moves: the receiver gets the same memory, at a cost that does not depend on its size, and this object is detached.
 * In a message but not in the transfer list, it is copied. Its memory is freed when it is closed, when its context
 * closes, when its process dies, or when it is garbage collected; in transit to a context that dies, like a port.
 * <p>
 * Views taken before a transfer stay mapped and never crash the JVM, but what they read afterwards is unspecified
 * and what they write may reach the receiver: drop them when the buffer is transferred.
 */
public final class ArrayBuffer implements Transferable, AutoCloseable
{
    private final BufferHold hold;
    private volatile boolean detached;

    private ArrayBuffer(final BufferHold hold)
    {
        this.hold = hold;
        if (hold != null)
        {
            hold.context.runtime().cleaner().register(this, hold);
        }
        this.detached = hold == null;
    }

    /**
     * @param context    the context that owns it.
     * @param byteLength its length in bytes, zero-filled.
     * @return a new buffer.
     * @throws IllegalStateException    when the context is closed.
     * @throws IllegalArgumentException for a negative or too large length.
     */
    public static ArrayBuffer allocate(final Context context, final int byteLength)
    {
        Objects.requireNonNull(context, "context");
        context.core().checkOpen("allocate an ArrayBuffer");
        return allocate(context.core(), byteLength);
    }

    static ArrayBuffer allocate(final ContextCore context, final int byteLength)
    {
        final BufferFile file = context.runtime().buffers()
            .create(BufferFile.ARRAY_BUFFER, byteLength, context.owner(-1));
        return new ArrayBuffer(new BufferHold(context, file, 0));
    }

    /**
     * @return its length in bytes; 0 once detached or closed.
     */
    public int byteLength()
    {
        return detached ? 0 : hold.file.byteLength();
    }

    /**
     * @return true once transferred away or closed: it holds no memory any more.
     */
    public boolean detached()
    {
        return detached;
    }

    /**
     * @return a view of its bytes (no copy), in the platform's byte order, as {@link #asDirectBuffer()} reads them.
     * @throws IllegalStateException once detached.
     */
    public ByteBuffer asByteBuffer()
    {
        checkAttached();
        return hold.file.dataByteBuffer();
    }

    /**
     * @return a view of its bytes (no copy).
     * @throws IllegalStateException once detached.
     */
    public MutableDirectBuffer asDirectBuffer()
    {
        checkAttached();
        return hold.file.data();
    }

    /**
     * Frees the memory now. Idempotent.
     */
    @Override
    public void close()
    {
        if (!detached)
        {
            detached = true;
            hold.release(CloseCause.CLOSED);
        }
    }

    @Override
    public String toString()
    {
        return "ArrayBuffer[" + (detached ? "detached" : hold.file.byteLength() + " bytes") + "]";
    }

    private void checkAttached()
    {
        if (detached)
        {
            throw new IllegalStateException("the ArrayBuffer is detached: it was transferred or closed");
        }
    }

    BufferHold hold()
    {
        return hold;
    }

    /**
     * Detaches it for a transfer: its holder slot goes in transit with a fresh token. Called with the transitions
     * lock held, after the whole transfer list was checked.
     */
    TransferEntry detach(final Custodian custodian)
    {
        detached = true;
        final ChannelId id = hold.file.id();
        final TransitTicket ticket = hold.handOn() ?
            hold.file.record(0).beginTransit(custodian, hold.context.runtime().random()) : TransitTicket.LOST;
        return new TransferEntry(TransferEntry.ARRAY_BUFFER, id.high(), id.low(), 0, ticket, hold.file.byteLength());
    }

    /**
     * @return the buffer a message carried, owned by {@code context}; detached when the claim failed.
     */
    static ArrayBuffer claim(final ContextCore context, final TransferEntry entry)
    {
        final BufferFile file = entry.ticket().isLost() ? null :
            context.runtime().buffers().open(new ChannelId(entry.high(), entry.low()));
        if (file == null || !file.record(0).claim(entry.ticket(), context.owner(-1)))
        {
            return new ArrayBuffer(null);
        }
        return new ArrayBuffer(new BufferHold(context, file, 0));
    }

    /**
     * @return a new buffer of {@code context} holding a copy of the bytes.
     */
    static ArrayBuffer copyOf(final ContextCore context, final DirectBuffer source, final int offset, final int length)
    {
        final ArrayBuffer copy = allocate(context, length);
        copy.hold.file.data().putBytes(0, source, offset, length);
        return copy;
    }
}
