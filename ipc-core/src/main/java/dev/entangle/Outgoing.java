package dev.entangle;

import dev.entangle.internal.codec.StructuredCloneWriter;
import dev.entangle.internal.codec.TransferTable;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.List;

/**
 * A thread's scratch space for one outgoing message: the encoder and the buffers for the envelope and the payload,
 * reused so that posting allocates nothing once warm.
 */
final class Outgoing
{
    private static final ThreadLocal<Outgoing> LOCAL = ThreadLocal.withInitial(Outgoing::new);

    private final StructuredCloneWriter writer = new StructuredCloneWriter();
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
        final TransferTable table = transfer.isEmpty() ? TransferTable.EMPTY : candidate -> indexOf(transfer, candidate);
        inUse = true;
        try
        {
            return writer.encode(message, table, body, 0, maxMessageSize);
        }
        finally
        {
            inUse = false;
        }
    }

    ExpandableDirectByteBuffer head()
    {
        return head;
    }

    ExpandableDirectByteBuffer body()
    {
        return body;
    }

    private static int indexOf(final List<? extends Transferable> transfer, final Object candidate)
    {
        for (int i = 0, size = transfer.size(); i < size; i++)
        {
            if (transfer.get(i) == candidate)
            {
                return i;
            }
        }
        return -1;
    }
}
