package dev.entangle;

import dev.entangle.internal.codec.CloneRefusedException;
import dev.entangle.internal.codec.HostObjectWriter;
import dev.entangle.internal.codec.StructuredCloneWriter;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;

/**
 * A thread's scratch space for one outgoing message: the encoder and the buffers for the envelope and the payload,
 * reused so that posting allocates nothing once warm.
 */
final class Outgoing implements HostObjectWriter
{
    private static final ThreadLocal<Outgoing> LOCAL = ThreadLocal.withInitial(Outgoing::new);

    /** Host object type: the bytes of an {@link ArrayBuffer} that is copied, not transferred. */
    static final int ARRAY_BUFFER_COPY = 1;
    /** Host object type: a {@link SharedArrayBuffer}, as its index among the message's carried buffers. */
    static final int SHARED_BUFFER = 2;

    private final StructuredCloneWriter writer = new StructuredCloneWriter();
    private final java.util.ArrayList<SharedArrayBuffer> shared = new java.util.ArrayList<>();
    private List<? extends Transferable> transfer = List.of();
    private final ExpandableDirectByteBuffer head = new ExpandableDirectByteBuffer(256);
    private final ExpandableDirectByteBuffer body = new ExpandableDirectByteBuffer(256);
    private boolean inUse;

    private Outgoing()
    {
    }

    /**
     * @return this thread's scratch space, or a fresh one when it is in use further up the stack (a record accessor
     * that posts while its own message is being encoded).
     */
    static Outgoing get()
    {
        final Outgoing local = LOCAL.get();
        return local.inUse ? new Outgoing() : local;
    }

    /**
     * Encodes the payload into {@link #body()}.
     *
     * @return its length.
     * @throws DataCloneException when the message cannot be cloned or is too large.
     */
    int encode(final Object message, final List<? extends Transferable> transfer, final int maxMessageSize)
    {
        this.transfer = transfer;
        shared.clear();
        inUse = true;
        try
        {
            return writer.encode(message, this, body, 0, maxMessageSize);
        }
        catch (final CloneRefusedException ex)
        {
            throw new DataCloneException(ex.getMessage(), ex.getCause());
        }
        finally
        {
            this.transfer = List.of();
            inUse = false;
        }
    }

    ExpandableDirectByteBuffer head()
    {
        return head;
    }

    /**
     * @return the shared buffers the last encoded message holds, in the order of their indexes in it; a new list.
     */
    List<SharedArrayBuffer> sharedBuffers()
    {
        return shared.isEmpty() ? List.of() : List.copyOf(shared);
    }

    ExpandableDirectByteBuffer body()
    {
        return body;
    }

    /**
     * {@inheritDoc}
     */
    public int transferIndex(final Object value)
    {
        final List<? extends Transferable> transfer = this.transfer;
        for (int i = 0, size = transfer.size(); i < size; i++)
        {
            if (transfer.get(i) == value)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@inheritDoc}
     */
    public boolean mustBeTransferred(final Object value)
    {
        return value instanceof MessagePort;
    }

    /**
     * {@inheritDoc}
     */
    public int cloneType(final Object value)
    {
        if (value instanceof ArrayBuffer buffer)
        {
            if (buffer.detached())
            {
                throw new CloneRefusedException("is detached");
            }
            return ARRAY_BUFFER_COPY;
        }
        if (value instanceof SharedArrayBuffer buffer)
        {
            shared.add(buffer);
            return SHARED_BUFFER;
        }
        return NOT_HOST;
    }

    /**
     * {@inheritDoc}
     */
    public int cloneLength(final Object value)
    {
        return value instanceof ArrayBuffer buffer ? buffer.byteLength() : Integer.BYTES;
    }

    /**
     * {@inheritDoc}
     */
    public void cloneInto(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        if (value instanceof ArrayBuffer copied)
        {
            buffer.putBytes(offset, copied.asDirectBuffer(), 0, copied.byteLength());
        }
        else
        {
            buffer.putInt(offset, indexOfShared(value));
        }
    }

    private int indexOfShared(final Object value)
    {
        for (int i = 0; i < shared.size(); i++)
        {
            if (shared.get(i) == value)
            {
                return i;
            }
        }
        throw new IllegalStateException("a shared buffer that cloneType did not see");
    }
}
