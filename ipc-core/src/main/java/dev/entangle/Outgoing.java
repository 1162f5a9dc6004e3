package dev.entangle;

import dev.entangle.internal.codec.CloneRefusedException;
import dev.entangle.internal.codec.HostObjectWriter;
import dev.entangle.internal.codec.StructuredCloneWriter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

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
    /**
     * A message that is a {@code byte[]} this long or longer goes into the lane from the caller's array, not through
     * {@link #body}: one copy of it fewer. A smaller one is copied, as the rest of a message is: its copy is cheap
     * next to the rest of a post.
     */
    static final int SENT_FROM_ARRAY = 4096;
    private static final byte[] EMPTY = new byte[0];

    private final StructuredCloneWriter writer = new StructuredCloneWriter();
    private final java.util.ArrayList<SharedArrayBuffer> shared = new java.util.ArrayList<>();
    private List<? extends Transferable> transfer = List.of();
    private final ExpandableDirectByteBuffer head = new ExpandableDirectByteBuffer(256);
    private final ExpandableDirectByteBuffer body = new ExpandableDirectByteBuffer(256);
    /** Wraps the caller's array of a message sent {@link #SENT_FROM_ARRAY from it}; wraps nothing otherwise. */
    private final UnsafeBuffer array = new UnsafeBuffer(EMPTY);
    /** The length of the payload's start in {@link #body} when the rest is sent from {@link #array}, else -1. */
    private int bodyStart = -1;
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
        forgetArray();
        inUse = true;
        try
        {
            if (message instanceof byte[] bytes && bytes.length >= SENT_FROM_ARRAY)
            {
                bodyStart = writer.encodeAllButBytes(bytes, this, body, 0, maxMessageSize);
                array.wrap(bytes);
                return bodyStart + bytes.length;
            }
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

    /**
     * Completes the first range of the frame, the envelope written at the start of {@link #head()}: when the payload
     * is sent from the caller's array, its start follows the envelope there.
     *
     * @param envelopeLength the envelope's length.
     * @return the first range's length.
     */
    int frameHead(final int envelopeLength)
    {
        if (bodyStart < 0)
        {
            return envelopeLength;
        }
        head.putBytes(envelopeLength, body, 0, bodyStart);
        return envelopeLength + bodyStart;
    }

    /**
     * @return the frame's second range: the payload, or its bytes in the caller's array.
     */
    DirectBuffer frameBody()
    {
        return bodyStart < 0 ? body : array;
    }

    /**
     * @param payloadLength the payload's length, as {@link #encode} returned it.
     * @return the length of {@link #frameBody()}.
     */
    int frameBodyLength(final int payloadLength)
    {
        return bodyStart < 0 ? payloadLength : payloadLength - bodyStart;
    }

    /**
     * Lets go of the caller's array, so that this thread's scratch space does not keep it alive; call once the frame
     * is appended (or not).
     */
    void forgetArray()
    {
        if (bodyStart >= 0)
        {
            bodyStart = -1;
            array.wrap(EMPTY);
        }
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
