package dev.entangle;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.handshake.TransitTicket;
import dev.entangle.internal.stats.Counter;
import dev.entangle.internal.stats.Events;

/**
 * A port changing hands: detached where it was (its record goes in transit with a fresh token and names what
 * carries it), and claimed where the message that carries it is read.
 */
final class PortTransfer
{
    private PortTransfer()
    {
    }

    /**
     * Claims a port that arrived in a message, with the ticket the message carried. A claim that fails (wrong
     * ticket, port closed meanwhile, channel gone) yields a port that is already disentangled.
     */
    static PortState claim(final ContextCore context, final TransferEntry entry)
    {
        final ChannelFile file = entry.ticket().isLost() ? null :
            context.runtime().channels().acquire(new ChannelId(entry.high(), entry.low()));
        if (file == null)
        {
            return new PortState(context, null, entry.side());
        }
        if (!file.record(entry.side()).claim(entry.ticket(), context.owner(Doorbell.NO_SLOT)))
        {
            context.runtime().channels().release(file);
            return new PortState(context, null, entry.side());
        }
        // Something may wait on a port that just arrived: its rings went to whoever held it.
        final PortState port = new PortState(context, file, entry.side());
        port.mayHaveWaiting = true;
        port.register();
        context.stats().increment(Counter.PORTS_TRANSFERRED_IN);
        record(file.id(), entry.side(), true);
        return port;
    }

    /**
     * Detaches a port for a transfer: it stops here, its record moves to in transit with a fresh token, and its
     * custodian is what will carry the message. Called with the transitions lock held.
     *
     * @return the entry that lets the receiver claim it.
     */
    static TransferEntry detach(final PortState port, final Custodian custodian)
    {
        final PortState.Phase prior = port.markDetached();
        final TransitTicket ticket = prior == PortState.Phase.ACTIVE ?
            port.record().beginTransit(custodian, port.context.runtime().random()) : TransitTicket.LOST;
        port.departure = ticket;
        if (!ticket.isLost())
        {
            // The peer's loop looks at once and watches what carries this port while it travels.
            port.peer().ring();
        }
        port.ending.release();
        port.context.stats().increment(Counter.PORTS_TRANSFERRED_OUT);
        final ChannelId id = port.channel.id();
        record(id, port.side, false);
        return new TransferEntry(TransferEntry.PORT, id.high(), id.low(), port.side, ticket, 0);
    }

    /**
     * Points a port, which left with a message, at a new custodian: for a hand-over whose receiver is only known
     * after the message left (a worker's implicit port, handed to the child process once it is launched).
     */
    static void updateCustodian(final PortState port, final Custodian custodian)
    {
        final TransitTicket ticket = port.departure;
        if (ticket == null || ticket.isLost())
        {
            return;
        }
        final ChannelFile file = port.context.runtime().channels().acquire(port.channel.id());
        if (file != null)
        {
            try
            {
                file.record(port.side).updateCustodian(ticket, custodian);
            }
            finally
            {
                port.context.runtime().channels().release(file);
            }
        }
    }

    private static void record(final ChannelId channel, final int side, final boolean arrived)
    {
        Events.transferred(channel, side + 1, arrived);
    }
}
