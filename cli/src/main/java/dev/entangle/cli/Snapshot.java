package dev.entangle.cli;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.handshake.OwnershipRecord;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.process.ProcessLiveness;
import dev.entangle.internal.stats.CloseCause;
import dev.entangle.internal.stats.StatsFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a shared directory holds at one moment, read from its files without joining it: the contexts (from their
 * records), the channels (from their files: ownership records and lane control blocks), the broadcast channels
 * (from their control files), the doorbells, and the directory's size. Each file is mapped, read and unmapped; a
 * file that vanishes or is not valid is left out, but for a broadcast channel's, which is shown with the reason.
 *
 * @param directory the directory.
 * @param takenMillis when it was read.
 * @param contexts  the context names.
 * @param channels  the channels.
 * @param broadcasts the broadcast channels' folders.
 * @param doorbells the doorbells.
 * @param size      the directory's size.
 */
record Snapshot(
    Path directory,
    long takenMillis,
    List<ContextView> contexts,
    List<ChannelView> channels,
    List<BroadcastView> broadcasts,
    List<DoorbellView> doorbells,
    DirectorySize size)
{
    /**
     * One context name.
     *
     * @param name                 the name.
     * @param status               live, dead (its process died holding it), closed, or unclaimed (posted to,
     *                             never opened).
     * @param contextId            the holder's (or last holder's) context id, 0 when never held.
     * @param pid                  its process, 0 when never held.
     * @param processStart         that process's start, epoch ms.
     * @param alive                true when a live process holds the name.
     * @param heartbeatMillis      when the holder's loop last ran, epoch ms, 0 when never.
     * @param openedMillis         when the holder opened the name, epoch ms.
     * @param origin               the holder's origin.
     * @param inboxBufferedBytes   bytes waiting unread in the name's inbox.
     * @param inboxWaitingMessages messages waiting there.
     * @param distinctErrors       distinct errors in the holder's error log, -1 when it has none.
     */
    record ContextView(
        String name,
        String status,
        long contextId,
        long pid,
        long processStart,
        boolean alive,
        long heartbeatMillis,
        long openedMillis,
        String origin,
        long inboxBufferedBytes,
        long inboxWaitingMessages,
        int distinctErrors)
    {
    }

    /**
     * One port of a channel.
     *
     * @param side             "a" for port1, "b" for port2.
     * @param state            owned, in transit, being claimed, closed.
     * @param owner            the owning context's name (or its id in hex when no record names it), null unless
     *                         owned.
     * @param ownerContextId   the owning context's id.
     * @param ownerPid         its process, 0 unless owned.
     * @param ownerAlive       whether that process runs.
     * @param custodian        what carries it while in transit: inbox, port, process or none; null otherwise.
     * @param inTransitTo      whom it travels to: a context name (inbox), {@code <channel>/<side>} (a port's
     *                         queue), {@code pid <n>} (a process), null when not in transit or not known.
     * @param closeCause       why it was closed, null unless closed.
     * @param bufferedAmount   bytes this side posted that the other side has not read.
     * @param messagesSent     messages this side wrote (close markers included).
     * @param bytesSent        their bytes.
     * @param messagesReceived messages this side read.
     * @param bytesReceived    their bytes.
     * @param waitingMessages  messages the other side wrote that this side has not read.
     */
    record SideView(
        String side,
        String state,
        String owner,
        long ownerContextId,
        long ownerPid,
        boolean ownerAlive,
        String custodian,
        String inTransitTo,
        String closeCause,
        Boolean started,
        long bufferedAmount,
        long messagesSent,
        long bytesSent,
        long messagesReceived,
        long bytesReceived,
        long waitingMessages)
    {
    }

    /**
     * One channel.
     *
     * @param id            its id.
     * @param createdMillis when it was made, epoch ms.
     * @param sides         port1 ("a") and port2 ("b").
     */
    record ChannelView(String id, long createdMillis, List<SideView> sides)
    {
    }

    /**
     * One doorbell.
     *
     * @param contextId the context's id.
     * @param context   its name, or null when no record names it.
     * @param pid       its process.
     * @param alive     whether that process runs.
     * @param rings     how often it was rung.
     */
    record DoorbellView(long contextId, String context, long pid, boolean alive, long rings)
    {
    }

    /**
     * @param directory a checked directory.
     * @return what it holds now.
     */
    static Snapshot take(final SharedDirectory directory)
    {
        final long now = System.currentTimeMillis();
        final Map<Long, String> names = new HashMap<>();
        final List<ContextView> contexts = new ArrayList<>();
        for (final String name : directory.contextNames())
        {
            try
            {
                final ContextView view = readContext(directory.layout().context(name), name, names);
                if (view != null)
                {
                    contexts.add(view);
                }
            }
            catch (final RuntimeException | InternalError ex)
            {
                // Truncated under the mapping (an access past its end faults) or removed while read: left out.
            }
        }
        final TransitIndex transits = new TransitIndex(directory);
        final List<ChannelView> channels = new ArrayList<>();
        for (final ChannelId id : directory.channelIds())
        {
            final ChannelFile file = ChannelFile.open(directory.layout().channel(id), id);
            if (file != null)
            {
                try
                {
                    channels.add(readChannel(file, names, transits));
                }
                catch (final RuntimeException | InternalError ex)
                {
                    // As for a context: a file that cannot be read whole is left out.
                }
                finally
                {
                    file.close();
                }
            }
        }
        final List<BroadcastView> broadcasts = BroadcastView.readAll(directory, names);
        final List<DoorbellView> doorbells = new ArrayList<>();
        for (final Path file : directory.doorbellFiles())
        {
            final DoorbellView view = readDoorbell(file, names);
            if (view != null)
            {
                doorbells.add(view);
            }
        }
        return new Snapshot(directory.root(), now, contexts, channels, broadcasts, doorbells,
            DirectorySize.of(directory.root()));
    }

    /**
     * @param name a context name.
     * @return its view, or null.
     */
    ContextView context(final String name)
    {
        for (final ContextView context : contexts)
        {
            if (context.name().equals(name))
            {
                return context;
            }
        }
        return null;
    }

    private static ContextView readContext(final Path folder, final String name, final Map<Long, String> names)
    {
        // The statistics files name the ids of the holders they belonged to, the previous holder's included, so
        // ports that an earlier holder of the name still owns are named too.
        countErrors(folder.resolve(StatsFile.PREVIOUS_FILE_NAME), name, names);
        final int errors = countErrors(folder.resolve(StatsFile.FILE_NAME), name, names);
        final ContextRecord record = ContextRecord.openExisting(folder);
        if (record == null)
        {
            return null;
        }
        try
        {
            final long id = record.holderId();
            final long pid = record.holderPid();
            final long start = record.holderStart();
            final boolean alive = id != 0 && ProcessLiveness.isAlive(pid, start);
            final String status;
            if (id != 0)
            {
                status = alive ? "live" : "dead";
                names.put(id, name);
            }
            else
            {
                status = pid != 0 ? "closed" : "unclaimed";
            }
            final LaneControl inbox = record.inbox();
            final long waiting = inbox.messagesWritten() - inbox.readerLine().messagesRead();
            return new ContextView(name, status, id, pid, start, alive, record.heartbeat(), record.openedMillis(),
                pid != 0 ? record.origin() : null, inbox.bufferedBytes(), Math.max(0, waiting), errors);
        }
        finally
        {
            record.close();
        }
    }

    private static int countErrors(final Path file, final String name, final Map<Long, String> names)
    {
        final StatsFile stats = StatsFile.open(file);
        if (stats == null)
        {
            return -1;
        }
        try
        {
            names.putIfAbsent(stats.contextId(), name);
            return stats.readErrors((observations, first, last, trace) -> { });
        }
        finally
        {
            stats.close();
        }
    }

    private static ChannelView readChannel(
        final ChannelFile file, final Map<Long, String> names, final TransitIndex transits)
    {
        final List<SideView> sides = new ArrayList<>(2);
        for (int side = 0; side < 2; side++)
        {
            sides.add(readSide(file, side, names, transits));
        }
        return new ChannelView(file.id().toString(), file.createdMillis(), sides);
    }

    private static SideView readSide(
        final ChannelFile file, final int side, final Map<Long, String> names, final TransitIndex transits)
    {
        final OwnershipRecord record = file.record(side);
        final long word = record.stateWord();
        final int state = OwnershipRecord.state(word);
        String owner = null;
        long ownerId = 0;
        long ownerPid = 0;
        boolean ownerAlive = false;
        String custodian = null;
        String inTransitTo = null;
        String closeCause = null;
        if (state == OwnershipRecord.OWNED)
        {
            final Owner recorded = record.owner();
            ownerId = recorded.contextId();
            owner = names.getOrDefault(ownerId, String.format("%016x", ownerId));
            ownerPid = recorded.pid();
            ownerAlive = ProcessLiveness.isAlive(recorded.pid(), recorded.start());
        }
        else if (state == OwnershipRecord.IN_TRANSIT || state == OwnershipRecord.CLAIMING)
        {
            final Custodian carrier = record.custodian();
            custodian = custodianKind(carrier);
            inTransitTo = transits.destination(carrier, file.id(), side, names);
        }
        else
        {
            closeCause = CloseCause.of(record.closeCause()).name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
        final LaneControl out = file.outgoing(side);
        final LaneControl in = file.incoming(side);
        final Boolean started = state == OwnershipRecord.OWNED ? record.isStarted() : null;
        return new SideView(side == 0 ? "a" : "b", stateName(state), owner, ownerId, ownerPid, ownerAlive,
            custodian, inTransitTo, closeCause, started, out.bufferedBytes(), out.messagesWritten(), out.writtenBytes(),
            in.readerLine().messagesRead(), in.readerLine().readBytes(),
            Math.max(0, in.messagesWritten() - in.readerLine().messagesRead()));
    }

    private static String stateName(final int state)
    {
        return switch (state)
        {
            case OwnershipRecord.OWNED -> "owned";
            case OwnershipRecord.IN_TRANSIT -> "in transit";
            case OwnershipRecord.CLAIMING -> "being claimed";
            default -> "closed";
        };
    }

    private static String custodianKind(final Custodian custodian)
    {
        if (custodian instanceof Custodian.Inbox)
        {
            return "inbox";
        }
        if (custodian instanceof Custodian.Port)
        {
            return "port";
        }
        if (custodian instanceof Custodian.Process)
        {
            return "process";
        }
        return "none";
    }

    private static DoorbellView readDoorbell(final Path file, final Map<Long, String> names)
    {
        final long contextId;
        try
        {
            contextId = Long.parseUnsignedLong(file.getFileName().toString(), 16);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS))
        {
            return null;
        }
        final Doorbell bell = Doorbell.open(file);
        if (bell == null)
        {
            return null;
        }
        try
        {
            return new DoorbellView(contextId, names.get(contextId), bell.ownerPid(),
                ProcessLiveness.isAlive(bell.ownerPid(), bell.ownerStart()), bell.sequence());
        }
        finally
        {
            bell.close();
        }
    }
}
