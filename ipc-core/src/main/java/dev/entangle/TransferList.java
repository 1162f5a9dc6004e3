package dev.entangle;

import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.TransferEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a transfer list completely before anything is detached, naming the entry and the reason on failure, then
 * detaches every listed transferable.
 */
final class TransferList
{
    private TransferList()
    {
    }

    /**
     * @param transfer the user's list.
     * @param source   the port being posted on, or null for a message to a context.
     * @param context  the sending context; a transferable of another directory cannot travel.
     * @return the listed ports, in order.
     * @throws NullPointerException for a null list or entry.
     * @throws DataCloneException   naming the first bad entry.
     */
    static List<PortState> validate(
        final List<? extends Transferable> transfer, final PortState source, final ContextCore context)
    {
        Objects.requireNonNull(transfer, "transfer");
        final List<PortState> ports = new ArrayList<>(transfer.size());
        for (int i = 0, size = transfer.size(); i < size; i++)
        {
            final Transferable entry = transfer.get(i);
            if (entry == null)
            {
                throw new NullPointerException("transfer list entry at index " + i + " is null");
            }
            if (!(entry instanceof PortHandle))
            {
                throw new DataCloneException("transfer list entry at index " + i + " is not a MessagePort of this " +
                    "library: " + entry.getClass().getName());
            }
            final PortState port = ((PortHandle)entry).state();
            if (port == source)
            {
                throw new DataCloneException("port at index " + i + " is the port being posted on");
            }
            final int earlier = ports.indexOf(port);
            if (earlier >= 0)
            {
                throw new DataCloneException("port at index " + i + " is a duplicate of the port at index " + earlier);
            }
            switch (port.phase())
            {
                case CLOSED:
                    throw new DataCloneException("port at index " + i + " is closed");
                case DETACHED:
                    throw new DataCloneException("port at index " + i + " is already transferred");
                default:
                    break;
            }
            if (port.context.runtime() != context.runtime())
            {
                throw new DataCloneException("port at index " + i + " belongs to a context of another directory (" +
                    port.context.directory() + ")");
            }
            ports.add(port);
        }
        return ports;
    }

    /**
     * Detaches every listed port, naming what carries them while they travel. Called with the transitions lock
     * held, after {@link #validate} and the encoding succeeded.
     *
     * @return one entry per port, in order.
     */
    static List<TransferEntry> detach(final List<PortState> ports, final Custodian custodian)
    {
        final List<TransferEntry> entries = new ArrayList<>(ports.size());
        for (final PortState port : ports)
        {
            entries.add(port.detach(custodian));
        }
        return entries;
    }
}
