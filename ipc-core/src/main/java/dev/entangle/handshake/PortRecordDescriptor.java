package dev.entangle.handshake;

/**
 * Layout of a channel's handshake file: one record per port, each changed only by compare-and-set of its state
 * word, so two processes can never both own a port.
 * <pre>
 *   0 +--------------------------------------------------------+
 *     | magic (int) | version (int, written last, release)     |
 *   8 | channel id high (long) | channel id low (long)         |
 *  64 +--------------------------------------------------------+
 *     | record of port1 (RECORD_LENGTH bytes)                  |
 *     +--------------------------------------------------------+
 *     | record of port2 (RECORD_LENGTH bytes)                  |
 *     +--------------------------------------------------------+
 *
 *   record:
 *   0 | state word: epoch &lt;&lt; 8 | state                      |  the only field ever compared-and-set
 *   8 | owner pid | owner process start (ms) | owner context id |
 *  32 | consumed index: last document of the incoming queue    |
 *     |   that the port's owners have consumed, -1 for none    |
 *  40 | transfer token high | transfer token low               |  the 128-bit capability while in transit
 *  56 | custodian kind | custodian a | b | c                   |  what holds the port while in transit
 *  88 | owner's doorbell slot                                  |  which bit the peer rings after writing
 * </pre>
 * A custodian is what must stay alive for a port in transit to arrive: the process it was handed to
 * ({@link #CUSTODIAN_PROCESS}: pid, start), the port whose queue carries the message ({@link #CUSTODIAN_PORT}:
 * channel high, low, side), or the context whose inbox carries it ({@link #CUSTODIAN_INBOX}: context id, pid,
 * start; a context id of 0 means whichever context of that name opens next).
 */
public final class PortRecordDescriptor
{
    /** Identifies a handshake file. */
    public static final int MAGIC = 0x45_4E_54_50;
    /** Format version; a file of another version is refused. */
    public static final int VERSION = 1;

    /** Offset of the magic number in the file header. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version in the file header, written last with release semantics. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the high half of the channel id in the file header. */
    public static final int CHANNEL_HIGH_OFFSET = 8;
    /** Offset of the low half of the channel id in the file header. */
    public static final int CHANNEL_LOW_OFFSET = 16;
    /** Length of the file header; the records follow it. */
    public static final int HEADER_LENGTH = 64;
    /** Length of one port's record. */
    public static final int RECORD_LENGTH = 128;
    /** Length of the whole file: the header and two records. */
    public static final int FILE_LENGTH = HEADER_LENGTH + 2 * RECORD_LENGTH;

    /** Offset in a record of the state word (epoch &lt;&lt; 8 | state), the only field compared-and-set. */
    public static final int STATE_OFFSET = 0;
    /** Offset in a record of the owner's process id. */
    public static final int OWNER_PID_OFFSET = 8;
    /** Offset in a record of the owner process's start time in milliseconds. */
    public static final int OWNER_START_OFFSET = 16;
    /** Offset in a record of the owner context's id. */
    public static final int OWNER_CONTEXT_OFFSET = 24;
    /** Offset in a record of the index of the last incoming document consumed, -1 for none. */
    public static final int CONSUMED_INDEX_OFFSET = 32;
    /** Offset in a record of the high half of the transfer token. */
    public static final int TOKEN_HIGH_OFFSET = 40;
    /** Offset in a record of the low half of the transfer token. */
    public static final int TOKEN_LOW_OFFSET = 48;
    /** Offset in a record of the custodian kind, one of the {@code CUSTODIAN_*} values. */
    public static final int CUSTODIAN_KIND_OFFSET = 56;
    /** Offset in a record of the custodian's first field. */
    public static final int CUSTODIAN_A_OFFSET = 64;
    /** Offset in a record of the custodian's second field. */
    public static final int CUSTODIAN_B_OFFSET = 72;
    /** Offset in a record of the custodian's third field. */
    public static final int CUSTODIAN_C_OFFSET = 80;
    /** The owner context's doorbell slot for this port, or -1; rung by the peer after each append. */
    public static final int OWNER_SLOT_OFFSET = 88;

    /** Owned by the context named in the owner fields. */
    public static final int OWNED = 1;
    /** Travelling inside a message; claimable once, with the token. */
    public static final int IN_TRANSIT = 2;
    /** Claimed; the new owner is writing its owner fields. */
    public static final int CLAIMING = 3;
    /** Closed for good. */
    public static final int CLOSED = 4;

    /** No custodian: the port is not in transit. */
    public static final long CUSTODIAN_NONE = 0;
    /** Custodian is a process: pid, start. */
    public static final long CUSTODIAN_PROCESS = 1;
    /** Custodian is the port whose queue carries the message: channel high, low, side. */
    public static final long CUSTODIAN_PORT = 2;
    /** Custodian is the context whose inbox carries the message: context id, pid, start. */
    public static final long CUSTODIAN_INBOX = 3;

    private PortRecordDescriptor()
    {
    }

    /**
     * @param side 0 for port1, 1 for port2.
     * @return offset of that port's record in the file.
     */
    public static int recordOffset(final int side)
    {
        return HEADER_LENGTH + side * RECORD_LENGTH;
    }

    /**
     * @param word a state word.
     * @return its state.
     */
    public static int state(final long word)
    {
        return (int)(word & 0xFF);
    }

    /**
     * @param word a state word.
     * @return its epoch: how many transitions the record has gone through.
     */
    public static long epoch(final long word)
    {
        return word >>> 8;
    }

    /**
     * @param epoch the epoch.
     * @param state the state.
     * @return the state word.
     */
    public static long word(final long epoch, final int state)
    {
        return (epoch << 8) | state;
    }
}
