package dev.entangle.cli;

import dev.entangle.cli.Snapshot.ChannelView;
import dev.entangle.cli.Snapshot.ContextView;
import dev.entangle.cli.Snapshot.DoorbellView;
import dev.entangle.cli.Snapshot.SideView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code entangle inspect}: every context, channel, broadcast channel and doorbell of a directory, and what it costs in
 * memory.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {
        "Contexts, channels, broadcast channels, backlogs and doorbells of a directory, and its size.",
        "",
        "Shows every context (name, origin, process, alive or dead, heartbeat, inbox backlog), every channel (who " +
            "owns each port or where it travels, bufferedAmount, messages sent and received), every broadcast " +
            "channel (origin, name, messages written, and each receiver: its context and process, alive or dead, " +
            "messages read, backlog, whether it was left out), the doorbells, and the directory's size.",
        "Reads the files only: joins nothing, takes no lock, consumes nothing; works while the processes run and " +
            "after they died."
    })
final class InspectCommand implements Callable<Integer>
{
    @Mixin
    private DirectoryOption directory;

    @Option(names = "--json", description = "JSON instead of text (one line per sample with --watch)")
    private boolean json;

    @Option(names = "--watch", paramLabel = "SECONDS", description = "show it again every SECONDS until interrupted")
    private double watch;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        return Watch.run(watch, out, Watch.clearsScreen(json), first ->
        {
            final SharedDirectory dir;
            try
            {
                dir = directory.open();
            }
            catch (final CliException ex)
            {
                if (first || watch <= 0)
                {
                    throw ex;
                }
                // Watching: the directory may come back (a new first context creates it).
                spec.commandLine().getErr().println("entangle: " + ex.getMessage());
                return null;
            }
            final Snapshot snapshot = Snapshot.take(dir);
            if (json)
            {
                out.println(toJson(snapshot, watch <= 0));
            }
            else
            {
                printText(snapshot, dir.isEmpty(), out);
            }
            out.flush();
            return null;
        });
    }

    /**
     * @param snapshot what was read.
     * @param pretty   true to indent.
     * @return it as JSON.
     */
    static String toJson(final Snapshot snapshot, final boolean pretty)
    {
        final Json json = new Json(pretty).beginObject()
            .field("directory", snapshot.directory().toString())
            .field("takenAt", Formats.iso(snapshot.takenMillis()))
            .field("empty", snapshot.contexts().isEmpty() && snapshot.channels().isEmpty() &&
                snapshot.broadcasts().isEmpty())
            .field("files", snapshot.size().files())
            .fieldOrNull("allocatedBytes", snapshot.size().allocatedBytes())
            .field("apparentBytes", snapshot.size().apparentBytes());
        json.name("contexts").beginArray();
        for (final ContextView context : snapshot.contexts())
        {
            json.beginObject()
                .field("name", context.name())
                .field("status", context.status())
                .field("origin", context.origin())
                .field("pid", context.pid())
                .field("alive", context.alive())
                .fieldOrNull("heartbeatAgeMs", context.heartbeatMillis() <= 0 ? -1 :
                    Math.max(0, snapshot.takenMillis() - context.heartbeatMillis()))
                .field("processStart", Formats.iso(context.processStart()))
                .field("openedAt", Formats.iso(context.openedMillis()))
                .field("contextId", context.contextId() == 0 ? null : hex(context.contextId()))
                .field("inboxBufferedBytes", context.inboxBufferedBytes())
                .field("inboxWaitingMessages", context.inboxWaitingMessages())
                .fieldOrNull("distinctErrors", context.distinctErrors())
                .endObject();
        }
        json.endArray().name("channels").beginArray();
        for (final ChannelView channel : snapshot.channels())
        {
            json.beginObject()
                .field("id", channel.id())
                .field("createdAt", Formats.iso(channel.createdMillis()))
                .name("sides").beginArray();
            for (final SideView side : channel.sides())
            {
                sideJson(json, side);
            }
            json.endArray().endObject();
        }
        json.endArray();
        BroadcastSection.json(json, snapshot.broadcasts());
        json.name("doorbells").beginArray();
        for (final DoorbellView bell : snapshot.doorbells())
        {
            json.beginObject()
                .field("contextId", hex(bell.contextId()))
                .field("context", bell.context())
                .field("pid", bell.pid())
                .field("alive", bell.alive())
                .field("rings", bell.rings())
                .endObject();
        }
        return json.endArray().endObject().toString();
    }

    private static void sideJson(final Json json, final SideView side)
    {
        final boolean owned = side.owner() != null;
        json.beginObject()
            .field("side", side.side())
            .field("state", side.state())
            .field("owner", side.owner())
            .field("ownerContextId", owned ? hex(side.ownerContextId()) : null)
            .fieldOrNull("ownerPid", owned ? side.ownerPid() : -1);
        json.name("ownerAlive");
        if (owned)
        {
            json.value(side.ownerAlive());
        }
        else
        {
            json.nullValue();
        }
        json.field("inTransitTo", side.inTransitTo())
            .field("custodian", side.custodian())
            .field("closeCause", side.closeCause())
            .name("started");
        if (side.started() == null)
        {
            json.nullValue();
        }
        else
        {
            json.value(side.started());
        }
        json
            .field("bufferedAmount", side.bufferedAmount())
            .field("messagesSent", side.messagesSent())
            .field("bytesSent", side.bytesSent())
            .field("messagesReceived", side.messagesReceived())
            .field("bytesReceived", side.bytesReceived())
            .field("waitingMessages", side.waitingMessages())
            .endObject();
    }

    private static void printText(final Snapshot snapshot, final boolean empty, final PrintWriter out)
    {
        final DirectorySize size = snapshot.size();
        out.println("Directory " + snapshot.directory() + " at " + Formats.time(snapshot.takenMillis()));
        out.println("  " + Formats.count(snapshot.contexts().size(), "context") + ", " +
            Formats.count(snapshot.channels().size(), "channel") + ", " +
            Formats.count(snapshot.broadcasts().size(), "broadcast channel") + ", " +
            Formats.count(snapshot.doorbells().size(), "doorbell") + "; " + Formats.count(size.files(), "file") +
            ", " + Formats.bytes(size.allocatedBytes()) + " in memory (" + Formats.bytes(size.apparentBytes()) +
            " apparent)");
        if (empty)
        {
            out.println();
            out.println("It is empty: no context has opened here yet, or everything was cleaned up.");
            return;
        }
        out.println();
        out.println("Contexts");
        final Table contexts = new Table("NAME", "STATUS", "PID", "ORIGIN", "HEARTBEAT", "OPENED", "INBOX WAITING",
            "ERRORS");
        for (final ContextView context : snapshot.contexts())
        {
            contexts.row(context.name(), context.status(), context.pid() == 0 ? "-" : context.pid(),
                context.origin() == null ? "-" : context.origin(),
                context.heartbeatMillis() <= 0 ? "-" :
                    Formats.age(Math.max(0, snapshot.takenMillis() - context.heartbeatMillis())) + " ago",
                Formats.time(context.openedMillis()),
                context.inboxWaitingMessages() + " (" + Formats.bytes(context.inboxBufferedBytes()) + ")",
                context.distinctErrors() < 0 ? "-" : context.distinctErrors());
        }
        contexts.print(out, "  ");
        printChannels(snapshot, out);
        BroadcastSection.print(snapshot.broadcasts(), out);
        printDoorbells(snapshot, out);
    }

    private static void printChannels(final Snapshot snapshot, final PrintWriter out)
    {
        out.println();
        out.println("Channels (side a is port1, b is port2)");
        if (snapshot.channels().isEmpty())
        {
            out.println("  none");
            return;
        }
        final Table channels = new Table("CHANNEL", "SIDE", "STATE", "OWNER / GOING TO", "PID", "STARTED",
            "BUFFERED", "SENT", "RECEIVED", "WAITING");
        for (final ChannelView channel : snapshot.channels())
        {
            boolean first = true;
            for (final SideView side : channel.sides())
            {
                channels.row(first ? channel.id() : "", side.side(), state(side), whom(side),
                    side.owner() == null ? "-" : side.ownerPid() + (side.ownerAlive() ? "" : " (dead)"),
                    side.started() == null ? "-" : side.started() ? "yes" : "no",
                    Formats.bytes(side.bufferedAmount()),
                    side.messagesSent() + " (" + Formats.bytes(side.bytesSent()) + ")",
                    side.messagesReceived() + " (" + Formats.bytes(side.bytesReceived()) + ")",
                    side.waitingMessages());
                first = false;
            }
        }
        channels.print(out, "  ");
    }

    private static String state(final SideView side)
    {
        if (side.closeCause() == null)
        {
            return side.state();
        }
        final String why = switch (side.closeCause())
        {
            case "closed" -> "by its owner";
            case "unknown" -> "cause not recorded";
            default -> side.closeCause();
        };
        return side.state() + " (" + why + ")";
    }

    private static String whom(final SideView side)
    {
        if (side.owner() != null)
        {
            return side.owner();
        }
        if (side.custodian() == null)
        {
            return "-";
        }
        final String to = side.inTransitTo() == null ? "?" : side.inTransitTo();
        return switch (side.custodian())
        {
            case "inbox" -> "-> inbox of " + to;
            case "port" -> "-> queue of port " + to;
            case "process" -> "-> process (" + to + ")";
            default -> "-> nothing (dropped)";
        };
    }

    private static void printDoorbells(final Snapshot snapshot, final PrintWriter out)
    {
        out.println();
        out.println("Doorbells");
        if (snapshot.doorbells().isEmpty())
        {
            out.println("  none");
            return;
        }
        final Table bells = new Table("CONTEXT ID", "CONTEXT", "PID", "ALIVE", "RINGS");
        for (final DoorbellView bell : snapshot.doorbells())
        {
            bells.row(hex(bell.contextId()), bell.context() == null ? "?" : bell.context(), bell.pid(),
                bell.alive() ? "yes" : "no", bell.rings());
        }
        bells.print(out, "  ");
    }

    private static String hex(final long id)
    {
        return String.format("%016x", id);
    }
}
