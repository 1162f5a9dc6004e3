package dev.entangle.cli;

import dev.entangle.internal.broadcast.BroadcastDescriptor;
import dev.entangle.internal.broadcast.BroadcastFile;
import dev.entangle.internal.broadcast.BroadcastInspection;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneFiles;
import dev.entangle.internal.lane.LaneReaders;
import dev.entangle.internal.lane.ReaderLine;
import dev.entangle.internal.process.ProcessLiveness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One broadcast channel's folder, {@code broadcast/<key>/}, read from its control file without joining it: the
 * origin and name it keeps, what its participants wrote, and each receiver's slot. A folder whose control file is
 * missing, truncated or otherwise not valid is shown with the reason instead, never left out.
 *
 * @param key             the folder's name.
 * @param problem         why its control file cannot be read, or null when it was read.
 * @param origin          the participants' origin, null with a problem.
 * @param name            the channel's name, null with a problem.
 * @param createdMillis   when the control file was made, epoch ms.
 * @param size            what the folder holds.
 * @param messagesWritten messages its participants posted since the folder was made.
 * @param bytesWritten    their bytes, each sender's header included.
 * @param generation      the generation of the ring the writers write, -1 while there is none.
 * @param capacity        that ring's capacity in bytes, 0 while there is none, -1 when not known.
 * @param rings           ring files in the folder.
 * @param retired         true when the last participant left and the folder is being deleted.
 * @param receivers       the slots held, by slot.
 */
record BroadcastView(
    String key,
    String problem,
    String origin,
    String name,
    long createdMillis,
    DirectorySize size,
    long messagesWritten,
    long bytesWritten,
    long generation,
    long capacity,
    int rings,
    boolean retired,
    List<ReceiverView> receivers)
{
    /** How often a slot is read again when its holder changed while it was read. */
    private static final int SLOT_ATTEMPTS = 3;

    /**
     * One receiver: a {@code BroadcastChannel} object of some context, and where its reader stands.
     *
     * @param slot           its slot in the table.
     * @param state          active, lapped (left out by a writer: too far behind, it must skip ahead), or unknown.
     * @param receiverId     its id.
     * @param pid            its process.
     * @param alive          whether that process runs.
     * @param contextId      the context it belongs to.
     * @param context        that context's name, or null when no record in {@code contexts/} names it.
     * @param joinedMillis   when it joined, epoch ms.
     * @param messagesRead   messages it read since it joined (its own included, which it steps past).
     * @param readUpToBytes  how many of the bytes written since the channel began it has read past: those written
     *                       before it joined count as read, so this is a position, not what it read.
     * @param backlogBytes   bytes written that it has not read.
     * @param limitBytes     how far it may fall behind before a writer may leave it out.
     * @param ringGeneration the generation of the ring it reads.
     */
    record ReceiverView(
        int slot,
        String state,
        long receiverId,
        long pid,
        boolean alive,
        long contextId,
        String context,
        long joinedMillis,
        long messagesRead,
        long readUpToBytes,
        long backlogBytes,
        long limitBytes,
        long ringGeneration)
    {
        boolean leftOut()
        {
            return "lapped".equals(state);
        }
    }

    /**
     * @param directory a checked directory.
     * @param names     context names by context id.
     * @return every folder under {@code broadcast/}: channels sorted by origin and name, then folders that cannot
     * be read, by key.
     */
    static List<BroadcastView> readAll(final SharedDirectory directory, final Map<Long, String> names)
    {
        final List<Path> folders = directory.broadcastFolders();
        final List<BroadcastView> views = new ArrayList<>(folders.size());
        if (folders.isEmpty())
        {
            return views;
        }
        final Map<String, DirectorySize> sizes = DirectorySize.ofEach(directory.layout().broadcasts());
        for (final Path folder : folders)
        {
            final String key = folder.getFileName().toString();
            views.add(read(folder, sizes.getOrDefault(key, new DirectorySize(0, 0, -1)), names));
        }
        views.sort(Comparator.comparing((final BroadcastView view) -> view.problem() != null)
            .thenComparing(view -> view.origin() == null ? "" : view.origin())
            .thenComparing(view -> view.name() == null ? "" : view.name())
            .thenComparing(BroadcastView::key));
        return views;
    }

    private static BroadcastView read(final Path folder, final DirectorySize size, final Map<Long, String> names)
    {
        final String key = folder.getFileName().toString();
        if (!BroadcastDescriptor.isKey(key))
        {
            return damaged(key, size, "not a broadcast channel: the folder's name is not a channel's key, and the " +
                "library ignores it");
        }
        final String problem = BroadcastInspection.problem(folder);
        if (problem != null)
        {
            return damaged(key, size, problem);
        }
        final BroadcastFile file = BroadcastFile.openExisting(folder);
        if (file == null)
        {
            final String now = BroadcastInspection.problem(folder);
            return damaged(key, size, now != null ? now : "its control file changed while read");
        }
        try
        {
            return read(key, file, size, names);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // An access past the end of a mapping that was truncated meanwhile faults.
            return damaged(key, size, "damaged: its control file was truncated or removed while read (" + ex + ")");
        }
        finally
        {
            file.close();
        }
    }

    private static BroadcastView read(
        final String key, final BroadcastFile file, final DirectorySize size, final Map<Long, String> names)
    {
        final List<ReceiverView> receivers = new ArrayList<>();
        for (int slot = 0, used = file.slotsUsed(); slot < used; slot++)
        {
            final ReceiverView receiver = readSlot(file, slot, names);
            if (receiver != null)
            {
                receivers.add(receiver);
            }
        }
        final LaneControl lane = file.lane();
        final LaneFiles rings = file.rings();
        final long generation = LaneReaders.writerGeneration(lane);
        return new BroadcastView(key, null, file.origin(), file.name(), file.createdMillis(), size,
            lane.messagesWritten(), lane.writtenBytes(), generation, generation < 0 ? 0 : ringSize(rings, generation),
            countRings(file.folder(), rings), LaneReaders.isRetired(lane), receivers);
    }

    /**
     * Reads a slot whole: its holder's id is written after the other fields, so an id unchanged across the read
     * says they all belong to one holder.
     *
     * @return the slot's receiver, or null when the slot is free.
     */
    private static ReceiverView readSlot(final BroadcastFile file, final int slot, final Map<Long, String> names)
    {
        ReceiverView view = null;
        for (int attempt = 0; attempt < SLOT_ATTEMPTS; attempt++)
        {
            final long state = file.state(slot);
            if (state == BroadcastDescriptor.FREE)
            {
                return null;
            }
            final long id = file.receiverId(slot);
            final long pid = file.pid(slot);
            final long contextId = file.contextId(slot);
            final ReaderLine line = file.line(slot);
            final long bytesRead = line.readBytes();
            // Written after the line: at least what the line read, so the backlog is never negative.
            final long written = file.lane().writtenBytes();
            view = new ReceiverView(slot, stateName(state), id, pid,
                ProcessLiveness.isAlive(pid, file.start(slot)), contextId, names.get(contextId),
                file.joinedMillis(slot), line.messagesRead(), bytesRead, Math.max(0, written - bytesRead),
                file.limit(slot), LaneReaders.generation(line));
            if (file.receiverId(slot) == id)
            {
                break;
            }
        }
        return view;
    }

    private static String stateName(final long state)
    {
        if (state == BroadcastDescriptor.ACTIVE)
        {
            return "active";
        }
        if (state == BroadcastDescriptor.LAPPED)
        {
            return "lapped";
        }
        return "unknown (" + state + ")";
    }

    private static long ringSize(final LaneFiles rings, final long generation)
    {
        try
        {
            // A ring file is exactly its capacity long.
            return Files.size(rings.ring(generation));
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private static int countRings(final Path folder, final LaneFiles rings)
    {
        int count = 0;
        for (final Path file : SharedDirectory.list(folder))
        {
            if (rings.isRing(file.getFileName().toString()) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
            {
                count++;
            }
        }
        return count;
    }

    private static BroadcastView damaged(final String key, final DirectorySize size, final String problem)
    {
        return new BroadcastView(key, problem, null, null, 0, size, 0, 0, -1, -1, 0, false, List.of());
    }
}
