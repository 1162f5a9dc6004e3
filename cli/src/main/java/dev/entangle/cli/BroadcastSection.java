package dev.entangle.cli;

import dev.entangle.cli.BroadcastView.ReceiverView;

import java.io.PrintWriter;
import java.util.List;

/**
 * The broadcast channels of {@code entangle inspect}, as text and as JSON: for each channel its origin and name, what
 * its folder holds, what its participants wrote, and a row per receiver; for a folder that cannot be read, why.
 */
final class BroadcastSection
{
    private BroadcastSection()
    {
    }

    /**
     * @param broadcasts the channels read.
     * @param out        where the text goes.
     */
    static void print(final List<BroadcastView> broadcasts, final PrintWriter out)
    {
        out.println();
        out.println("Broadcast channels");
        if (broadcasts.isEmpty())
        {
            out.println("  none");
            return;
        }
        for (final BroadcastView channel : broadcasts)
        {
            if (channel.problem() != null)
            {
                out.println("  " + channel.key() + ": " + channel.problem());
                out.println("    " + size(channel.size()));
                continue;
            }
            out.println("  " + Json.quoted(channel.name()) + " of " + channel.origin() + " (" + channel.key() + ")" +
                (channel.retired() ? ": retired, its last participant left and its files are being deleted" : ""));
            out.println("    " + size(channel.size()) + "; made " + Formats.time(channel.createdMillis()));
            out.println("    written: " + Formats.count(channel.messagesWritten(), "message") + " (" +
                Formats.bytes(channel.bytesWritten()) + "); " + ring(channel));
            if (channel.receivers().isEmpty())
            {
                out.println("    no receivers");
                continue;
            }
            final Table receivers = new Table("SLOT", "STATE", "CONTEXT", "CONTEXT ID", "PID", "JOINED", "READ",
                "BACKLOG");
            for (final ReceiverView receiver : channel.receivers())
            {
                receivers.row(receiver.slot(), receiver.leftOut() ? "lapped (left out)" : receiver.state(),
                    receiver.context() == null ? "?" : receiver.context(), hex(receiver.contextId()),
                    receiver.pid() + (receiver.alive() ? "" : " (dead)"), Formats.time(receiver.joinedMillis()),
                    receiver.messagesRead(), Formats.bytes(receiver.backlogBytes()));
            }
            receivers.print(out, "    ");
        }
    }

    /**
     * Writes the member {@code "broadcasts"}: an array of the channels.
     *
     * @param json       the object being written.
     * @param broadcasts the channels read.
     */
    static void json(final Json json, final List<BroadcastView> broadcasts)
    {
        json.name("broadcasts").beginArray();
        for (final BroadcastView channel : broadcasts)
        {
            json.beginObject()
                .field("key", channel.key())
                .field("origin", channel.origin())
                .field("name", channel.name())
                .field("problem", channel.problem())
                .field("createdAt", Formats.iso(channel.createdMillis()))
                .field("files", channel.size().files())
                .fieldOrNull("allocatedBytes", channel.size().allocatedBytes())
                .field("apparentBytes", channel.size().apparentBytes())
                .field("messagesWritten", channel.messagesWritten())
                .field("bytesWritten", channel.bytesWritten())
                .fieldOrNull("ringGeneration", channel.generation())
                .fieldOrNull("ringCapacity", channel.capacity())
                .field("ringsOnDisk", channel.rings())
                .field("retired", channel.retired())
                .name("receivers").beginArray();
            for (final ReceiverView receiver : channel.receivers())
            {
                json.beginObject()
                    .field("slot", receiver.slot())
                    .field("state", receiver.state())
                    .field("leftOut", receiver.leftOut())
                    .field("receiverId", hex(receiver.receiverId()))
                    .field("pid", receiver.pid())
                    .field("alive", receiver.alive())
                    .field("contextId", hex(receiver.contextId()))
                    .field("context", receiver.context())
                    .field("joinedAt", Formats.iso(receiver.joinedMillis()))
                    .field("messagesRead", receiver.messagesRead())
                    .field("readUpToBytes", receiver.readUpToBytes())
                    .field("backlogBytes", receiver.backlogBytes())
                    .field("limitBytes", receiver.limitBytes())
                    .field("ringGeneration", receiver.ringGeneration())
                    .endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
    }

    private static String size(final DirectorySize size)
    {
        return Formats.count(size.files(), "file") + ", " + Formats.bytes(size.allocatedBytes()) + " in memory (" +
            Formats.bytes(size.apparentBytes()) + " apparent)";
    }

    private static String ring(final BroadcastView channel)
    {
        if (channel.generation() < 0)
        {
            return "no ring yet";
        }
        return "writers' ring " + channel.generation() + " of " + Formats.bytes(channel.capacity()) + ", " +
            Formats.count(channel.rings(), "ring") + " on disk";
    }

    private static String hex(final long id)
    {
        return String.format("%016x", id);
    }
}
