package dev.entangle;

import dev.entangle.internal.codec.CloneRefusedException;
import dev.entangle.internal.codec.HostObjectWriter;
import dev.entangle.internal.codec.StructuredCloneWriter;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A thread's scratch space for one broadcast message: the encoder and the payload's buffer, reused so that posting
 * allocates nothing once warm. A broadcast has no transfer list, so every object of the API met in the message (a
 * port, a buffer, a channel) is refused.
 */
final class BroadcastOutgoing implements HostObjectWriter
{
    private static final ThreadLocal<BroadcastOutgoing> LOCAL = ThreadLocal.withInitial(BroadcastOutgoing::new);
    private static final String API_PACKAGE = "dev.entangle";

    private final StructuredCloneWriter writer = new StructuredCloneWriter();
    private final ExpandableDirectByteBuffer body = new ExpandableDirectByteBuffer(256);
    private boolean inUse;

    private BroadcastOutgoing()
    {
    }

    /**
     * @return this thread's scratch space, or a fresh one when it is in use further up the stack.
     */
    static BroadcastOutgoing get()
    {
        final BroadcastOutgoing local = LOCAL.get();
        return local.inUse ? new BroadcastOutgoing() : local;
    }

    /**
     * Encodes the payload into {@link #body()}.
     *
     * @return its length.
     * @throws DataCloneException when the message cannot be cloned, holds a transferable, or is too large.
     */
    int encode(final Object message, final int maxMessageSize)
    {
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
            inUse = false;
        }
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
        return -1;
    }

    /**
     * {@inheritDoc}
     */
    public boolean mustBeTransferred(final Object value)
    {
        return false;
    }

    /**
     * {@inheritDoc}
     */
    public int cloneType(final Object value)
    {
        if (value instanceof Transferable || API_PACKAGE.equals(value.getClass().getPackageName()))
        {
            throw new CloneRefusedException("cannot travel on a BroadcastChannel, which has no transfer list");
        }
        return NOT_HOST;
    }

    /**
     * {@inheritDoc}
     */
    public int cloneLength(final Object value)
    {
        throw new IllegalStateException("a broadcast message copies no host objects");
    }

    /**
     * {@inheritDoc}
     */
    public void cloneInto(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        throw new IllegalStateException("a broadcast message copies no host objects");
    }
}
