package dev.entangle.bridge;

import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.handshake.TransitTicket;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.runtime.DirectoryRuntime;
import dev.entangle.internal.runtime.Discards;
import dev.entangle.internal.stats.CloseCause;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The spliced ports of one link: those this bridge claimed (its ids) and those the other bridge claimed (its ids,
 * each with a new local channel here), and the transfer entries that name them on the wire. Claim tokens never
 * leave the host: a port that leaves is claimed here and named by a ref; a ref that arrives becomes a new local
 * port, in transit to the receiver with a token of this host.
 */
final class Splices
{
    /** How long the id of a splice the other bridge made is remembered after it closed here. */
    private static final long CLOSED_MEMORY_NANOS = 120_000_000_000L;

    private final DirectoryRuntime runtime;
    private final Participant participant;
    private final LaneSettings laneSettings;
    private final Consumer<String> problems;
    private final Long2ObjectHashMap<Splice> mine = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Splice> theirs = new Long2ObjectHashMap<>();
    private final Long2LongHashMap closedTheirs = new Long2LongHashMap(Long.MIN_VALUE);
    private final List<Splice> all = new ArrayList<>();
    private long nextId;

    Splices(final DirectoryRuntime runtime, final Participant participant, final LaneSettings laneSettings,
        final Consumer<String> problems)
    {
        this.runtime = runtime;
        this.participant = participant;
        this.laneSettings = laneSettings;
        this.problems = problems;
    }

    /**
     * @return every open splice, for the send loop; do not keep.
     */
    List<Splice> all()
    {
        return all;
    }

    /**
     * @param ref a ref as the other bridge sent it.
     * @return the splice it names, or null.
     */
    Splice find(final long ref)
    {
        return Wire.madeBySender(ref) ? theirs.get(Wire.id(ref)) : mine.get(Wire.id(ref));
    }

    /**
     * @param ref a ref the other bridge sent, of a splice it made.
     * @return true when that splice closed here a short while ago.
     */
    boolean closedRecently(final long ref)
    {
        return Wire.madeBySender(ref) && closedTheirs.containsKey(Wire.id(ref));
    }

    /**
     * The receiving end of a splice the other bridge made, made now if new here.
     *
     * @param ref a ref the other bridge sent, made by it.
     * @return the splice, or null when it closed here already.
     */
    Splice receiving(final long ref)
    {
        final long id = Wire.id(ref);
        Splice splice = theirs.get(id);
        if (splice == null && !closedTheirs.containsKey(id))
        {
            splice = Splice.create(id, runtime, participant.owner(), laneSettings);
            theirs.put(id, splice);
            all.add(splice);
        }
        return splice;
    }

    /**
     * Writes the wire entries for the transferables a local message carries, claiming each port for a new splice
     * (or taking the splices claimed when the frame was first sent). Buffers do not cross: they are freed here and
     * arrive detached.
     *
     * @return the offset after the entries.
     */
    int writeOutbound(final List<TransferEntry> entries, final long[] memo, final long[] claimed,
        final MutableDirectBuffer out, final int at)
    {
        out.putShort(at, (short)entries.size(), Wire.ORDER);
        int offset = at + 2;
        for (int i = 0; i < entries.size(); i++)
        {
            final TransferEntry entry = entries.get(i);
            byte kind = Wire.ENTRY_LOST_PORT;
            long ref = 0;
            if (entry.kind() == TransferEntry.PORT)
            {
                final Splice splice = memo != null ? mine.get(memo[i]) : claim(entry);
                if (splice != null && splice.state() != Splice.State.CLOSED)
                {
                    kind = Wire.ENTRY_PORT;
                    ref = splice.ref();
                    claimed[i] = splice.id;
                }
            }
            else if (memo == null)
            {
                kind = entry.kind() == TransferEntry.ARRAY_BUFFER ? Wire.ENTRY_LOST_BUFFER : Wire.ENTRY_LOST_SHARED;
                Discards.discard(runtime, entry);
                problems.accept((entry.kind() == TransferEntry.ARRAY_BUFFER ? "an ArrayBuffer" :
                    "a SharedArrayBuffer") + " in a message to another host was not carried (buffers do not " +
                    "cross hosts); it arrives detached");
            }
            else
            {
                kind = entry.kind() == TransferEntry.ARRAY_BUFFER ? Wire.ENTRY_LOST_BUFFER : Wire.ENTRY_LOST_SHARED;
            }
            out.putByte(offset, kind);
            out.putLong(offset + 1, ref, Wire.ORDER);
            offset += Wire.ENTRY_LENGTH;
        }
        return offset;
    }

    private Splice claim(final TransferEntry entry)
    {
        final Splice splice = Splice.claim(++nextId, runtime, entry, participant.owner(), laneSettings);
        if (splice != null)
        {
            mine.put(splice.id, splice);
            all.add(splice);
        }
        return splice;
    }

    /**
     * Reads the wire entries of an arriving message into local transfer entries: each port becomes the port2 of
     * its splice's local channel, in transit with {@code custodian}.
     *
     * @return the entries; the list is reused.
     * @throws IllegalArgumentException when the entries overrun the frame.
     */
    List<TransferEntry> readInbound(final org.agrona.DirectBuffer buffer, final int at, final int end,
        final Custodian custodian, final List<TransferEntry> into)
    {
        into.clear();
        if (end - at < 2)
        {
            throw new IllegalArgumentException("frame truncated in its entries");
        }
        final int count = buffer.getShort(at, Wire.ORDER) & 0xFFFF;
        if ((long)count * Wire.ENTRY_LENGTH > end - at - 2)
        {
            throw new IllegalArgumentException("frame truncated in its entries");
        }
        for (int i = 0; i < count; i++)
        {
            final int offset = at + 2 + i * Wire.ENTRY_LENGTH;
            final byte kind = buffer.getByte(offset);
            final long ref = buffer.getLong(offset + 1, Wire.ORDER);
            final Splice splice = kind == Wire.ENTRY_PORT && Wire.madeBySender(ref) ? receiving(ref) : null;
            if (splice != null)
            {
                into.add(splice.handOut(custodian));
            }
            else
            {
                final int lostKind = kind == Wire.ENTRY_LOST_BUFFER ? TransferEntry.ARRAY_BUFFER :
                    kind == Wire.ENTRY_LOST_SHARED ? TransferEntry.SHARED_BUFFER : TransferEntry.PORT;
                into.add(new TransferEntry(lostKind, 0, 0, 0, TransitTicket.LOST, 0));
            }
        }
        return into;
    }

    /**
     * @return bytes the entries take at {@code at}.
     */
    static int entriesLength(final org.agrona.DirectBuffer buffer, final int at)
    {
        return 2 + (buffer.getShort(at, Wire.ORDER) & 0xFFFF) * Wire.ENTRY_LENGTH;
    }

    /**
     * Forgets a splice that closed here.
     */
    void remove(final Splice splice)
    {
        all.remove(splice);
        if (splice.mine)
        {
            mine.remove(splice.id);
        }
        else
        {
            theirs.remove(splice.id);
            closedTheirs.put(splice.id, System.nanoTime() + CLOSED_MEMORY_NANOS);
        }
    }

    /**
     * Closes every splice, as when the other host is lost or restarted.
     */
    void closeAll(final CloseCause cause)
    {
        for (final Splice splice : all.toArray(new Splice[0]))
        {
            splice.closeFromRemote(cause);
            remove(splice);
        }
    }

    /**
     * Forgets ids of splices that closed long enough ago that the other bridge cannot send for them any more.
     */
    void expireClosed(final long nowNanos)
    {
        closedTheirs.entrySet().removeIf(entry -> entry.getValue() < nowNanos);
    }

    /**
     * The other bridge restarted: its ids start again.
     */
    void forgetClosed()
    {
        closedTheirs.clear();
    }
}
