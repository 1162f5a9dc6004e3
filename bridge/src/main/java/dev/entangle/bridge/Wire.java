package dev.entangle.bridge;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The frames bridges send each other, one Aeron message each, little-endian. Every frame starts with its type, a
 * version and flags; the clone bodies of messages travel as they are, only their transfer entries are rewritten.
 * <pre>
 * header:   type (byte) | version (byte) | flags (short) | resync honoured (int)
 * HELLO     | incarnation (long) | times I declared you gone (long) | my inbox lane for you (long)
 *           | resync I ask of you (int) | host id
 * ENVELOPE  | end (long) | posted (ms) | expiry (ms) | target name | sender name | sender origin | target origin
 *           | entries | clone body                                 a window message, from the sender's inbox lane
 * DATA      | ref (long) | end (long) | frame type (int) | close cause (int) | entries | frame body
 * ACK       | ref (long) | end (long)                              all up to end applied and, for a port, read
 * CLOSE     | ref (long) | cause (int)                             that port is gone here
 * entries:  count (short) | count x (kind (byte) | ref (long))
 * string:   length (short) | UTF-8 bytes
 * </pre>
 * A ref names a spliced port: its id, with {@link #MADE_BY_SENDER} set when the frame's sender made the id. Ref 0
 * in an ACK names the stream of window messages. {@code end} is the position, in the sender's local lane, after the
 * frame: it grows along a stream, so the receiver drops what it already applied. HELLO's {@link #RESYNC} flag asks
 * the other side to send again everything not acknowledged, and to acknowledge again what it applied. Resyncs are
 * numbered by the side that asks; every frame carries the number of the last one its sender honoured. After a new
 * Aeron image (a gap is possible) the receiver asks for a new resync and applies no ENVELOPE or DATA stamped with an
 * older one, so nothing sent after a gap is applied before the gap is filled again.
 */
final class Wire
{
    static final byte HELLO = 1;
    static final byte ENVELOPE = 2;
    static final byte DATA = 3;
    static final byte ACK = 4;
    static final byte CLOSE = 5;

    static final byte VERSION = 1;
    /** HELLO flag: I have a new image of you; send again and acknowledge again. */
    static final short RESYNC = 1;
    /** Set in a ref whose id the frame's sender made. */
    static final long MADE_BY_SENDER = Long.MIN_VALUE;

    /** Entry kind: a spliced port. */
    static final byte ENTRY_PORT = 1;
    /** Entry kind: an array buffer that did not cross; the receiver gets it detached. */
    static final byte ENTRY_LOST_BUFFER = 2;
    /** Entry kind: a shared array buffer that cannot cross; the receiver gets an unusable one. */
    static final byte ENTRY_LOST_SHARED = 3;
    /** Entry kind: a port that could not cross (closed, or lost); the receiver gets it closed. */
    static final byte ENTRY_LOST_PORT = 4;
    /** Bytes of one entry. */
    static final int ENTRY_LENGTH = 9;

    static final int TYPE_OFFSET = 0;
    static final int VERSION_OFFSET = 1;
    static final int FLAGS_OFFSET = 2;
    static final int RESYNC_OFFSET = 4;
    static final int HEADER_LENGTH = 8;

    static final int HELLO_INCARNATION = 8;
    static final int HELLO_DEATHS = 16;
    static final int HELLO_INBOX = 24;
    static final int HELLO_WANTED = 32;
    static final int HELLO_HOST = 36;

    static final int ENVELOPE_END = 8;
    static final int ENVELOPE_POSTED = 16;
    static final int ENVELOPE_EXPIRY = 24;
    static final int ENVELOPE_STRINGS = 32;

    static final int DATA_REF = 8;
    static final int DATA_END = 16;
    static final int DATA_FRAME_TYPE = 24;
    static final int DATA_CAUSE = 28;
    static final int DATA_ENTRIES = 32;

    static final int ACK_REF = 8;
    static final int ACK_END = 16;
    static final int ACK_LENGTH = 24;

    static final int CLOSE_REF = 8;
    static final int CLOSE_CAUSE = 16;
    static final int CLOSE_LENGTH = 20;

    /** The most a DATA or ENVELOPE adds to a message besides its entries: header and addressing. */
    static final int MAX_OVERHEAD = 2048;

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private Wire()
    {
    }

    static void header(final MutableDirectBuffer buffer, final byte type, final short flags)
    {
        buffer.putByte(TYPE_OFFSET, type);
        buffer.putByte(VERSION_OFFSET, VERSION);
        buffer.putShort(FLAGS_OFFSET, flags, ORDER);
    }

    static byte type(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + TYPE_OFFSET);
    }

    static short flags(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + FLAGS_OFFSET, ORDER);
    }

    static int resyncHonoured(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + RESYNC_OFFSET, ORDER);
    }

    static long getLong(final DirectBuffer buffer, final int at)
    {
        return buffer.getLong(at, ORDER);
    }

    static int getInt(final DirectBuffer buffer, final int at)
    {
        return buffer.getInt(at, ORDER);
    }

    static void putLong(final MutableDirectBuffer buffer, final int at, final long value)
    {
        buffer.putLong(at, value, ORDER);
    }

    static void putInt(final MutableDirectBuffer buffer, final int at, final int value)
    {
        buffer.putInt(at, value, ORDER);
    }

    /**
     * @return the offset after the string.
     */
    static int putString(final MutableDirectBuffer buffer, final int at, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putShort(at, (short)bytes.length, ORDER);
        buffer.putBytes(at + 2, bytes);
        return at + 2 + bytes.length;
    }

    /**
     * @return the string at {@code at}.
     * @throws IllegalArgumentException when it overruns {@code end}.
     */
    static String getString(final DirectBuffer buffer, final int at, final int end)
    {
        if (end - at < 2)
        {
            throw new IllegalArgumentException("frame truncated in a string");
        }
        final int length = buffer.getShort(at, ORDER) & 0xFFFF;
        if (end - at - 2 < length)
        {
            throw new IllegalArgumentException("frame truncated in a string");
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(at + 2, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * @return the offset after the string at {@code at}.
     */
    static int skipString(final DirectBuffer buffer, final int at)
    {
        return at + 2 + (buffer.getShort(at, ORDER) & 0xFFFF);
    }

    /**
     * @return a ref as the receiver of a frame sees it: the sender's "made by me" is the receiver's "made by peer".
     */
    static boolean madeBySender(final long ref)
    {
        return (ref & MADE_BY_SENDER) != 0;
    }

    static long id(final long ref)
    {
        return ref & ~MADE_BY_SENDER;
    }

    static void ack(final MutableDirectBuffer buffer, final long ref, final long end)
    {
        header(buffer, ACK, (short)0);
        putLong(buffer, ACK_REF, ref);
        putLong(buffer, ACK_END, end);
    }

    static void close(final MutableDirectBuffer buffer, final long ref, final int cause)
    {
        header(buffer, CLOSE, (short)0);
        putLong(buffer, CLOSE_REF, ref);
        putInt(buffer, CLOSE_CAUSE, cause);
    }

    /**
     * @return the HELLO's length.
     */
    static int hello(final MutableDirectBuffer buffer, final boolean resync, final long incarnation,
        final long deaths, final long inboxLane, final int wanted, final String host)
    {
        header(buffer, HELLO, resync ? RESYNC : 0);
        putLong(buffer, HELLO_INCARNATION, incarnation);
        putLong(buffer, HELLO_DEATHS, deaths);
        putLong(buffer, HELLO_INBOX, inboxLane);
        putInt(buffer, HELLO_WANTED, wanted);
        return putString(buffer, HELLO_HOST, host);
    }
}
