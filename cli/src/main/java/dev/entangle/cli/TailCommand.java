package dev.entangle.cli;

import dev.entangle.internal.broadcast.BroadcastFile;
import dev.entangle.internal.broadcast.BroadcastInspection;
import dev.entangle.internal.codec.ReceiverPolicy;
import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.lane.LaneDamagedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code entangle tail}: the messages in a context's inbox or on a channel, decoded, read from a position of the
 * tool's own so that the real receiver still gets every one of them.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = {
        "Messages waiting in an inbox or on a channel, decoded, without taking them.",
        "",
        "Prints the messages waiting in a context's inbox, or on a channel, as the codec decodes them. Reads from a " +
            "private position: the real receiver's position does not move and it still gets every message.",
        "A channel has two lanes: a (port1 writes, port2 reads) and b (port2 writes, port1 reads); both are shown " +
            "unless --side picks one."
    })
final class TailCommand implements Callable<Integer>
{
    /** How long to wait between looks at the lanes while following with nothing new. */
    private static final long FOLLOW_PAUSE_MILLIS = 20;

    @Parameters(paramLabel = "CONTEXT|CHANNEL-ID",
        description = "a context name, or a channel id (or a unique prefix of one, as inspect prints it)")
    private String target;

    @Option(names = "--side", paramLabel = "a|b", description = "for a channel: only the lane this side writes")
    private String side;

    @Option(names = "--from-start", description = "from the oldest message still in the rings (already read ones " +
        "included), not from the receiver's position")
    private boolean fromStart;

    @Option(names = {"-f", "--follow"}, description = "keep printing new messages until interrupted")
    private boolean follow;

    @Option(names = {"-n", "--max"}, paramLabel = "N", description = "stop after N messages")
    private long max;

    @Option(names = "--class-path", paramLabel = "PATH",
        description = "jars or folders with the record classes messages carry, so they can be rebuilt and shown")
    private String classPath;

    @Option(names = "--max-chars", paramLabel = "N", defaultValue = "2000",
        description = "the longest text of one message (default: ${DEFAULT-VALUE})")
    private int maxChars;

    @Mixin
    private DirectoryOption directory;

    @Spec
    private CommandSpec spec;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    public Integer call() throws Exception
    {
        final SharedDirectory dir = directory.open();
        final PrintWriter out = spec.commandLine().getOut();
        try
        {
            final List<TailedLane> lanes = lanes(dir);
            final FrameText text = new FrameText(records(), maxChars);
            long shown = 0;
            for (final TailedLane lane : lanes)
            {
                out.println(lane.header(fromStart));
                if (fromStart)
                {
                    lane.view.rewind();
                }
                shown += lane.show(lane.view.tail(), text, out, max <= 0 ? Long.MAX_VALUE : max - shown);
            }
            out.flush();
            while (follow && (max <= 0 || shown < max) && !Thread.currentThread().isInterrupted())
            {
                long found = 0;
                for (final TailedLane lane : lanes)
                {
                    found += lane.show(Long.MAX_VALUE, text, out, max <= 0 ? Long.MAX_VALUE : max - shown - found);
                }
                shown += found;
                out.flush();
                if (found == 0 && pause())
                {
                    break;
                }
            }
            return 0;
        }
        finally
        {
            for (int i = opened.size() - 1; i >= 0; i--)
            {
                opened.get(i).close();
            }
        }
    }

    private static boolean pause()
    {
        try
        {
            Thread.sleep(FOLLOW_PAUSE_MILLIS);
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private List<TailedLane> lanes(final SharedDirectory dir)
    {
        final List<TailedLane> lanes = new ArrayList<>();
        final Path contextFolder = dir.layout().context(target);
        if (!target.contains("/") && !target.startsWith(".") && contextFolder.toFile().isDirectory())
        {
            if (side != null)
            {
                throw new CliException(2, "--side is for a channel; " + target + " is a context");
            }
            final ContextRecord record = ContextRecord.openExisting(contextFolder);
            if (record == null)
            {
                throw new CliException(1, "context " + target + " has no valid record in " + dir.root());
            }
            opened.add(record);
            final LaneView view = new LaneView(record.inbox(), record.inboxFiles());
            opened.add(view);
            lanes.add(new TailedLane("inbox of " + target, "inbox", view, record.inbox()::bufferedBytes,
                () -> record.inbox().messagesWritten() - record.inbox().readerLine().messagesRead()));
            return lanes;
        }
        final ChannelId id = channel(dir);
        final ChannelFile file = ChannelFile.open(dir.layout().channel(id), id);
        if (file == null)
        {
            throw new CliException(1, "channel " + id + " has no valid file in " + dir.root());
        }
        opened.add(file);
        final String only = side == null ? null : side.toLowerCase(Locale.ROOT);
        if (only != null && !only.equals("a") && !only.equals("b"))
        {
            throw new CliException(2, "--side must be a or b, not " + side);
        }
        for (int writer = 0; writer < 2; writer++)
        {
            final String name = writer == 0 ? "a" : "b";
            if (only == null || only.equals(name))
            {
                final int w = writer;
                final LaneView view = new LaneView(file.outgoing(writer), file.outgoingFiles(writer));
                opened.add(view);
                lanes.add(new TailedLane("channel " + id + " lane " + name + " (" + (writer == 0 ? "port1 to port2" :
                    "port2 to port1") + ")", writer == 0 ? "a->b" : "b->a", view, file.outgoing(writer)::bufferedBytes,
                    () -> file.outgoing(w).messagesWritten() - file.outgoing(w).readerLine().messagesRead()));
            }
        }
        return lanes;
    }

    private ChannelId channel(final SharedDirectory dir)
    {
        final String wanted = target.toLowerCase(Locale.ROOT);
        final List<ChannelId> matches = new ArrayList<>();
        if (wanted.matches("[0-9a-f]{4,32}"))
        {
            for (final ChannelId id : dir.channelIds())
            {
                if (id.toString().startsWith(wanted))
                {
                    matches.add(id);
                }
            }
        }
        if (matches.size() == 1)
        {
            return matches.get(0);
        }
        if (matches.isEmpty())
        {
            final String broadcast = broadcast(dir);
            if (broadcast != null)
            {
                throw new CliException(1, target + " is the broadcast channel " + broadcast + ": tail shows a " +
                    "context's inbox or a channel; entangle inspect shows a broadcast channel's receivers and " +
                    "backlogs");
            }
            throw new CliException(1, "no context or channel named " + target + " in " + dir.root() +
                " (entangle inspect lists them)");
        }
        throw new CliException(1, target + " is the start of " + matches.size() + " channel ids; give more of it");
    }

    /**
     * @return the broadcast channel the target names, by its name or the start of its key, as text; or null.
     */
    private String broadcast(final SharedDirectory dir)
    {
        final String wanted = target.toLowerCase(Locale.ROOT);
        for (final Path folder : dir.broadcastFolders())
        {
            final String key = folder.getFileName().toString();
            final boolean byKey = wanted.matches("[0-9a-f]{4,32}") && key.startsWith(wanted);
            final BroadcastFile file = BroadcastInspection.problem(folder) == null ?
                BroadcastFile.openExisting(folder) : null;
            if (file == null)
            {
                if (byKey)
                {
                    return key;
                }
                continue;
            }
            try
            {
                if (byKey || file.name().equals(target))
                {
                    return Json.quoted(file.name()) + " of " + file.origin() + " (" + key + ")";
                }
            }
            catch (final RuntimeException | InternalError ex)
            {
                // Truncated while read: it names nothing.
            }
            finally
            {
                file.close();
            }
        }
        return null;
    }

    private ReceiverPolicy records() throws MalformedURLException
    {
        if (classPath == null || classPath.isEmpty())
        {
            return ReceiverPolicy.NONE;
        }
        final List<URL> urls = new ArrayList<>();
        for (final String entry : classPath.split(File.pathSeparator))
        {
            if (!entry.isEmpty())
            {
                urls.add(Path.of(entry).toAbsolutePath().toUri().toURL());
            }
        }
        final URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), TailCommand.class.getClassLoader());
        opened.add(loader);
        return new ReceiverPolicy()
        {
            @Override
            public Class<? extends Record> allowedRecord(final String className)
            {
                final Class<?> type = load(loader, className);
                return type != null && type.isRecord() ? type.asSubclass(Record.class) : null;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Class<? extends Enum<?>> allowedEnum(final String className)
            {
                final Class<?> type = load(loader, className);
                return type != null && type.isEnum() ? (Class<? extends Enum<?>>)type : null;
            }
        };
    }

    private static Class<?> load(final ClassLoader loader, final String className)
    {
        try
        {
            // Not initialised here: only a record the message really holds is ever constructed.
            return Class.forName(className, false, loader);
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return null;
        }
    }

    /**
     * One lane being shown, with what counts its backlog.
     */
    private static final class TailedLane
    {
        private final String title;
        private final String label;
        private final LaneView view;
        private final java.util.function.LongSupplier bufferedBytes;
        private final java.util.function.LongSupplier waitingMessages;
        private long failedAt = -1;
        private boolean abandoned;

        TailedLane(final String title, final String label, final LaneView view,
            final java.util.function.LongSupplier bufferedBytes, final java.util.function.LongSupplier waitingMessages)
        {
            this.title = title;
            this.label = label;
            this.view = view;
            this.bufferedBytes = bufferedBytes;
            this.waitingMessages = waitingMessages;
        }

        String header(final boolean fromStart)
        {
            return "# " + title + ": " + Formats.count(Math.max(0, waitingMessages.getAsLong()), "message") +
                " waiting (" + Formats.bytes(bufferedBytes.getAsLong()) + "), shown " +
                (fromStart ? "from the oldest still in the rings" : "from the receiver's position");
        }

        /**
         * Prints the frames from this lane's position up to {@code end}, at most {@code limit} of them.
         *
         * @return how many were printed.
         */
        long show(final long end, final FrameText text, final PrintWriter out, final long limit)
        {
            long printed = 0;
            while (!abandoned && printed < limit && view.position() < Math.min(end, view.tail()))
            {
                final long position = view.position();
                try
                {
                    if (view.poll((type, buffer, offset, length) ->
                    {
                        final String status = position < view.realHead() ? "read" : "waiting";
                        out.println(label + " @" + position + " " + status + " " + length + " B  " +
                            text.describe(type, buffer, offset, length));
                    }) == 0)
                    {
                        break;
                    }
                    printed++;
                }
                catch (final LaneDamagedException | InternalError ex)
                {
                    recover(position, ex, out);
                }
            }
            return printed;
        }

        /**
         * The frame was overwritten (the writer went on past the real reader while this view lagged behind), its
         * ring was deleted by the real reader moving on, or the lane is damaged: go on from the real reader, once.
         */
        private void recover(final long position, final Throwable failure, final PrintWriter out)
        {
            if (position == failedAt)
            {
                out.println("# " + title + ": cannot read on at position " + position + ": " + failure.getMessage());
                abandoned = true;
                return;
            }
            failedAt = position;
            view.resync();
            out.println("# " + title + ": position " + position + " can no longer be read (" +
                failure.getMessage() + "); going on from the receiver's position " + view.position());
        }
    }
}
