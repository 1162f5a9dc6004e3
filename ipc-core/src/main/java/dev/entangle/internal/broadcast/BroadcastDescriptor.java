package dev.entangle.internal.broadcast;

import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.lane.LaneDescriptor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Layout of a broadcast channel's folder, one per origin and name: a control file and the rings of one lane that
 * every participant writes and every participant reads, each through a reader line of its own.
 * <pre>
 * broadcast/&lt;key&gt;/control, {@link #LENGTH} bytes:
 *     0 | magic (int) | version (int, written last, release)                                       |
 *     8 | created (ms) | slots used: one past the highest slot ever claimed | oldest ring kept     |
 *    64 | the lane's control block (192 bytes): the writers' line and lock; its own reader line unused |
 *   256 | origin: length (short) + UTF-8 bytes, at most 254                                         |
 *   512 | name: length in chars (int) | stored UTF-8 bytes (int) | the name's first UTF-8 bytes        |
 *  4096 | slot 0: state | receiver id | pid | process start | context id | doorbell slot | limit | joined |
 *  4160 |         reader line: head | read bytes | messages read | generation | base | capacity | - | -  |
 *  4224 | slot 1 ... {@link #SLOTS} slots of 128 bytes                                               |
 * broadcast/&lt;key&gt;/lane.&lt;generation&gt;: the lane's rings (see {@link LaneDescriptor})
 *
 * frame: type {@link #FRAME_TYPE} | sender's receiver id (long) | structured-clone payload
 * </pre>
 * The key is a hash of the origin and the name, whose full text the control file keeps for inspection. Every
 * participant (each {@code BroadcastChannel} object) holds one slot: it writes through the lane's lock and reads
 * through its slot's reader line, so a message is written once whatever the number of receivers. Slots are claimed,
 * freed and skipped ahead under the lane's lock, so that no writer appends meanwhile; a slot is written
 * fields first and state last.
 * <p>
 * A writer may not overwrite what an {@link #ACTIVE} receiver has not read. A receiver more than its limit behind
 * that holds the writers back is set {@link #LAPPED} by the writer that finds it so, before that writer overwrites
 * anything: it no longer counts, and when it sees the mark it skips ahead to the oldest message still kept. A
 * receiver whose process is gone is freed by whoever finds it so. Rings older than the ring of every live active
 * receiver are deleted, under the lock, by the receiver that leaves the last of them; the folder is deleted by the
 * last participant to leave, or by a sweep once every participant is dead.
 */
public final class BroadcastDescriptor
{
    /** Name of the control file in a channel's folder. */
    public static final String FILE_NAME = "control";
    /** Prefix of the lane's ring files. */
    public static final String RING_PREFIX = "lane";
    /** The frame type of a broadcast message. */
    public static final int FRAME_TYPE = Envelope.BROADCAST_MESSAGE;
    /** Bytes before the payload in a frame's body: the sender's receiver id. */
    public static final int HEADER_LENGTH = 8;
    /** Participants one channel name can have at once. */
    public static final int SLOTS = 1024;

    /** A slot nobody holds. */
    public static final long FREE = 0;
    /** A receiver that reads and holds the writers back. */
    public static final long ACTIVE = 1;
    /** A receiver left out by a writer: it must skip ahead before it reads on. */
    public static final long LAPPED = 2;

    static final int MAGIC = 0x454E_4243;
    static final int VERSION = 1;
    static final int VERSION_OFFSET = 4;
    static final int CREATED_OFFSET = 8;
    static final int SLOTS_USED_OFFSET = 16;
    static final int OLDEST_RING_OFFSET = 24;
    static final int LANE_OFFSET = 64;
    static final int ORIGIN_OFFSET = 256;
    static final int ORIGIN_MAX = 254;
    static final int NAME_OFFSET = 512;
    static final int NAME_MAX = 4096 - NAME_OFFSET - 8;
    static final int SLOTS_OFFSET = 4096;
    static final int SLOT_LENGTH = 128;

    static final int STATE_FIELD = 0;
    static final int RECEIVER_FIELD = 8;
    static final int PID_FIELD = 16;
    static final int START_FIELD = 24;
    static final int CONTEXT_FIELD = 32;
    static final int DOORBELL_FIELD = 40;
    static final int LIMIT_FIELD = 48;
    static final int JOINED_FIELD = 56;
    static final int LINE_FIELD = 64;

    /** Length of the control file. */
    public static final int LENGTH = SLOTS_OFFSET + SLOTS * SLOT_LENGTH;

    private BroadcastDescriptor()
    {
    }

    /**
     * @param origin the participants' origin.
     * @param name   the channel's name, any string.
     * @return the folder name: 32 hex digits of a SHA-256 over both, the name taken char by char so that no two
     * strings share it.
     */
    public static String key(final String origin, final String name)
    {
        final MessageDigest digest;
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
        digest.update(origin.getBytes(StandardCharsets.UTF_8));
        digest.update((byte)0);
        digest.update(name.getBytes(StandardCharsets.UTF_16BE));
        final byte[] hash = digest.digest();
        final StringBuilder key = new StringBuilder(32);
        for (int i = 0; i < 16; i++)
        {
            key.append(Character.forDigit((hash[i] >> 4) & 0xF, 16)).append(Character.forDigit(hash[i] & 0xF, 16));
        }
        return key.toString();
    }

    /**
     * @param folderName a folder name under {@code broadcast/}.
     * @return true when it has the shape of a key.
     */
    public static boolean isKey(final String folderName)
    {
        if (folderName.length() != 32)
        {
            return false;
        }
        for (int i = 0; i < folderName.length(); i++)
        {
            if (Character.digit(folderName.charAt(i), 16) < 0 || Character.isUpperCase(folderName.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    static int slotOffset(final int slot)
    {
        return SLOTS_OFFSET + slot * SLOT_LENGTH;
    }
}
