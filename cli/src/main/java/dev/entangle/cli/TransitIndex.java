package dev.entangle.cli;

import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.TransferEntry;

import java.util.HashMap;
import java.util.Map;

/**
 * Where ports in transit are going. An ownership record names what carries a port while it travels; for a message
 * posted to a name that no live context holds, that is "the inbox of whoever opens the name next", without the name.
 * The name is then found the way the receiver will find the port: in the transfer entries of the messages waiting in
 * the inboxes, read from private positions. That scan runs once, and only when such a port is met.
 */
final class TransitIndex
{
    private final SharedDirectory directory;
    private Map<String, String> inboxes;

    TransitIndex(final SharedDirectory directory)
    {
        this.directory = directory;
    }

    /**
     * @param custodian what carries the port.
     * @param channel   the port's channel.
     * @param side      its side.
     * @param names     context names by id.
     * @return a context name (an inbox), {@code <channel>/<side>} (a port's queue), {@code pid <n>} (a process
     * that will claim it), or null when nothing carries it or the carrier cannot be found.
     */
    String destination(final Custodian custodian, final ChannelId channel, final int side,
        final Map<Long, String> names)
    {
        if (custodian instanceof Custodian.Inbox inbox)
        {
            if (inbox.contextId() != 0 && names.containsKey(inbox.contextId()))
            {
                return names.get(inbox.contextId());
            }
            return inboxes().get(key(channel.high(), channel.low(), side));
        }
        if (custodian instanceof Custodian.Port port)
        {
            return new ChannelId(port.channelHigh(), port.channelLow()) + "/" + (port.side() == 0 ? "a" : "b");
        }
        if (custodian instanceof Custodian.Process process)
        {
            return "pid " + process.pid();
        }
        return null;
    }

    private Map<String, String> inboxes()
    {
        if (inboxes == null)
        {
            inboxes = new HashMap<>();
            for (final String name : directory.contextNames())
            {
                scan(name);
            }
        }
        return inboxes;
    }

    private void scan(final String name)
    {
        final ContextRecord record = ContextRecord.openExisting(directory.layout().context(name));
        if (record == null)
        {
            return;
        }
        final Envelope.Parsed parsed = new Envelope.Parsed();
        try (LaneView view = new LaneView(record.inbox(), record.inboxFiles()))
        {
            view.readUpTo(view.tail(), (type, buffer, offset, length) ->
            {
                if (type == Envelope.WINDOW_MESSAGE)
                {
                    parsed.parse(type, buffer, offset, length);
                    for (final TransferEntry entry : parsed.entries)
                    {
                        if (entry.kind() == TransferEntry.PORT)
                        {
                            inboxes.put(key(entry.high(), entry.low(), entry.side()), name);
                        }
                    }
                }
            });
        }
        catch (final RuntimeException | InternalError ex)
        {
            // Overwritten, damaged or removed while read: what was found stands; the rest stays unknown.
        }
        finally
        {
            record.close();
        }
    }

    private static String key(final long high, final long low, final int side)
    {
        return new ChannelId(high, low) + "/" + side;
    }
}
