package dev.entangle;

import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.runtime.Discards;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transfer list checked whole before anything is detached — naming the entry and the reason on failure — and
 * then detached, together with the holder slots of the shared buffers the message carries.
 */
final class TransferList
{
    private final List<Object> listed;
    private final List<SharedArrayBuffer> shared;

    private TransferList(final List<Object> listed, final List<SharedArrayBuffer> shared)
    {
        this.listed = listed;
        this.shared = shared;
    }

    /**
     * @param transfer the user's list.
     * @param source   the port being posted on, or null for a message to a context.
     * @param context  the sending context; a transferable of another directory cannot travel.
     * @param shared   the shared buffers the encoded message holds.
     * @return the checked list.
     * @throws NullPointerException for a null list or entry.
     * @throws DataCloneException   naming the first bad entry.
     */
    static TransferList validate(
        final List<? extends Transferable> transfer,
        final PortState source,
        final ContextCore context,
        final List<SharedArrayBuffer> shared)
    {
        Objects.requireNonNull(transfer, "transfer");
        final List<Object> listed = new ArrayList<>(transfer.size());
        for (int i = 0, size = transfer.size(); i < size; i++)
        {
            final Transferable entry = transfer.get(i);
            if (entry == null)
            {
                throw new NullPointerException("transfer list entry at index " + i + " is null");
            }
            final Object checked = entry instanceof PortHandle handle ? checkPort(handle.state(), i, source, context) :
                entry instanceof ArrayBuffer buffer ? checkBuffer(buffer, i, context) : null;
            if (checked == null)
            {
                throw new DataCloneException("transfer list entry at index " + i + " is not a MessagePort of this " +
                    "library: " + entry.getClass().getName());
            }
            final int earlier = indexOf(listed, checked);
            if (earlier >= 0)
            {
                final String what = checked instanceof PortState ? "port" : "ArrayBuffer";
                throw new DataCloneException(what + " at index " + i + " is a duplicate of the " + what +
                    " at index " + earlier);
            }
            listed.add(checked);
        }
        return new TransferList(listed, List.of()).carrying(shared);
    }

    private static PortState checkPort(
        final PortState port, final int i, final PortState source, final ContextCore context)
    {
        if (port == source)
        {
            throw new DataCloneException("port at index " + i + " is the port being posted on");
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
        return port;
    }

    private static ArrayBuffer checkBuffer(final ArrayBuffer buffer, final int i, final ContextCore context)
    {
        if (buffer.detached())
        {
            throw new DataCloneException("ArrayBuffer at index " + i + " is detached");
        }
        if (buffer.hold().context.runtime() != context.runtime())
        {
            throw new DataCloneException("ArrayBuffer at index " + i + " belongs to a context of another directory");
        }
        return buffer;
    }

    private static int indexOf(final List<Object> listed, final Object candidate)
    {
        for (int i = 0; i < listed.size(); i++)
        {
            if (listed.get(i) == candidate)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param carried the shared buffers the encoded message holds.
     * @return this list, carrying them too.
     * @throws DataCloneException when one of them is closed here.
     */
    TransferList carrying(final List<SharedArrayBuffer> carried)
    {
        for (final SharedArrayBuffer buffer : carried)
        {
            if (buffer.isClosed())
            {
                throw new DataCloneException("the message holds a SharedArrayBuffer that is closed here");
            }
        }
        return carried.isEmpty() ? this : new TransferList(listed, carried);
    }

    /**
     * @return the listed ports.
     */
    List<PortState> ports()
    {
        final List<PortState> ports = new ArrayList<>();
        for (final Object entry : listed)
        {
            if (entry instanceof PortState port)
            {
                ports.add(port);
            }
        }
        return ports;
    }

    /**
     * @return bytes of the listed array buffers, counted in the sender's buffered amount until read.
     */
    long bufferBytes()
    {
        long bytes = 0;
        for (final Object entry : listed)
        {
            if (entry instanceof ArrayBuffer buffer)
            {
                bytes += buffer.byteLength();
            }
        }
        return bytes;
    }

    /**
     * Detaches every listed port and buffer, naming what carries them while they travel, after taking the holder
     * slots of the shared buffers (the only step that can fail, so it comes first). Called with the transitions
     * lock held, after the encoding and every other check succeeded.
     *
     * @return the entries, in transfer-list order, then one per shared buffer.
     * @throws DataCloneException when a shared buffer has no holder slot left; nothing is detached then.
     */
    List<TransferEntry> detach(final Custodian custodian, final ContextCore context)
    {
        final List<TransferEntry> carried = new ArrayList<>(shared.size());
        for (final SharedArrayBuffer buffer : shared)
        {
            final TransferEntry entry = buffer.carry(custodian);
            if (entry == null)
            {
                Discards.discard(context.runtime(), carried);
                throw new DataCloneException("a SharedArrayBuffer in the message has too many holders and " +
                    "messages in flight already");
            }
            carried.add(entry);
        }
        final List<TransferEntry> entries = new ArrayList<>(listed.size() + carried.size());
        for (final Object entry : listed)
        {
            if (entry instanceof PortState port)
            {
                entries.add(PortTransfer.detach(port, custodian));
            }
            else
            {
                entries.add(((ArrayBuffer)entry).detach(custodian));
            }
        }
        entries.addAll(carried);
        return entries;
    }

    /**
     * @return true when nothing is listed and no shared buffer is carried.
     */
    boolean isEmpty()
    {
        return listed.isEmpty() && shared.isEmpty();
    }
}
