package dev.entangle.internal.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.entangle.internal.codec.CloneFormat.NULL;
import static dev.entangle.internal.codec.CloneFormat.STRING_LATIN1;
import static dev.entangle.internal.codec.CloneFormat.STRING_UTF16;

/**
 * Where {@link StructuredCloneWriter} puts bytes: a buffer, a position and the size limit, with the byte-level forms
 * of the format (little-endian numbers, varints, strings, primitive arrays). Every write first claims its room with
 * {@link #ensure(long)}.
 *
 * <p>It also measures: started with {@link #startMeasuring()}, it writes nothing and only counts, so that the writer
 * can tell the sender the size of a message that was too large without holding a copy of it.
 */
final class CloneOutput
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Strings up to this many chars go through {@link #narrow}. */
    private static final int SHORT_STRING = 256;

    private final byte[] narrow = new byte[SHORT_STRING];
    private MutableDirectBuffer buffer;
    private int position;
    private int limit;
    private boolean measuring;

    /**
     * @param buffer where the bytes go.
     * @param offset where they start.
     * @param limit  the position no write may pass.
     */
    void start(final MutableDirectBuffer buffer, final int offset, final int limit)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = limit;
        this.measuring = false;
    }

    /**
     * Counts from 0, writing nothing, up to {@link Integer#MAX_VALUE}.
     */
    void startMeasuring()
    {
        this.buffer = null;
        this.position = 0;
        // Below every position: each write goes to skip(), which counts it.
        this.limit = Integer.MIN_VALUE;
        this.measuring = true;
    }

    void finish()
    {
        buffer = null;
        measuring = false;
    }

    int position()
    {
        return position;
    }

    /**
     * Makes room for {@code bytes} more, within the size limit; an expandable buffer grows on the put.
     *
     * @return true when the caller writes them at {@link #position()} and then calls {@link #advance(int)}; false
     * when measuring, in which case the position has already moved past them and nothing is to be written.
     * @throws TooLarge past the size limit.
     */
    boolean ensure(final long bytes)
    {
        if (position + bytes > limit)
        {
            return skip(bytes);
        }
        if (position + bytes > buffer.capacity() && !buffer.isExpandable())
        {
            throw new CloneRefusedException("the message exceeds the buffer of " + buffer.capacity() + " bytes");
        }
        return true;
    }

    private boolean skip(final long bytes)
    {
        if (!measuring || position + bytes > Integer.MAX_VALUE)
        {
            throw new TooLarge();
        }
        position += (int)bytes;
        return false;
    }

    void advance(final int bytes)
    {
        position += bytes;
    }

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    void putByte(final byte b)
    {
        if (ensure(1))
        {
            buffer.putByte(position++, b);
        }
    }

    void putShort(final short v)
    {
        if (ensure(2))
        {
            buffer.putShort(position, v, ORDER);
            position += 2;
        }
    }

    void putInt(final int v)
    {
        if (ensure(4))
        {
            buffer.putInt(position, v, ORDER);
            position += 4;
        }
    }

    void putLong(final long v)
    {
        if (ensure(8))
        {
            buffer.putLong(position, v, ORDER);
            position += 8;
        }
    }

    void putVarint(final int value)
    {
        if (ensure(varintLength(value)))
        {
            int v = value;
            while ((v & ~0x7F) != 0)
            {
                buffer.putByte(position++, (byte)((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            buffer.putByte(position++, (byte)v);
        }
    }

    private static int varintLength(final int value)
    {
        return value >>> 7 == 0 ? 1 : value >>> 14 == 0 ? 2 : value >>> 21 == 0 ? 3 : value >>> 28 == 0 ? 4 : 5;
    }

    /**
     * A string value: its tag, its length in chars, then one byte per char when all are Latin-1, else two.
     */
    void putString(final String s)
    {
        final int length = s.length();
        if (length <= SHORT_STRING && putShortLatin1(s, length))
        {
            return;
        }
        boolean latin1 = true;
        for (int i = 0; i < length; i++)
        {
            if (s.charAt(i) > 0xFF)
            {
                latin1 = false;
                break;
            }
        }
        if (latin1)
        {
            putByte(STRING_LATIN1);
            putVarint(length);
            if (ensure(length))
            {
                for (int i = 0; i < length; i++)
                {
                    buffer.putByte(position + i, (byte)s.charAt(i));
                }
                position += length;
            }
        }
        else
        {
            putByte(STRING_UTF16);
            putVarint(length);
            if (ensure(length * 2L))
            {
                for (int i = 0; i < length; i++)
                {
                    buffer.putChar(position + i * 2, s.charAt(i), ORDER);
                }
                position += length * 2;
            }
        }
    }

    /**
     * A string value whose Latin-1 bytes the caller has already: what {@link #putString} writes for it, without
     * looking at its characters again.
     *
     * @param latin1 the string's characters, each one byte.
     */
    void putLatin1String(final byte[] latin1)
    {
        putByte(STRING_LATIN1);
        putVarint(latin1.length);
        if (ensure(latin1.length))
        {
            buffer.putBytes(position, latin1);
            position += latin1.length;
        }
    }

    /**
     * Writes a short string that is all Latin-1 in one pass over its chars, through a reused array copied out at
     * once, where the general path reads each char twice and writes each byte through the buffer's checks.
     *
     * @return false, with nothing written, when a char is not Latin-1 (the general path then reads the chars up to
     * it once more: a short string that is not Latin-1 is rarer than one that is, and joining the two paths made the
     * common one slower).
     */
    private boolean putShortLatin1(final String s, final int length)
    {
        final byte[] narrow = this.narrow;
        for (int i = 0; i < length; i++)
        {
            final char c = s.charAt(i);
            if (c > 0xFF)
            {
                return false;
            }
            narrow[i] = (byte)c;
        }
        putByte(STRING_LATIN1);
        putVarint(length);
        if (ensure(length))
        {
            buffer.putBytes(position, narrow, 0, length);
            position += length;
        }
        return true;
    }

    /**
     * A string value, or the {@code NULL} tag.
     */
    void putNullableString(final String s)
    {
        if (s == null)
        {
            putByte(NULL);
        }
        else
        {
            putString(s);
        }
    }

    /**
     * The length, then the bytes.
     */
    void putBytes(final byte[] a)
    {
        putVarint(a.length);
        putRawBytes(a);
    }

    /**
     * The bytes alone, their length written before.
     */
    void putRawBytes(final byte[] a)
    {
        if (ensure(a.length))
        {
            buffer.putBytes(position, a);
            position += a.length;
        }
    }

    void putBooleans(final boolean[] a)
    {
        putVarint(a.length);
        if (ensure(a.length))
        {
            for (final boolean v : a)
            {
                buffer.putByte(position++, v ? (byte)1 : (byte)0);
            }
        }
    }

    void putShorts(final short[] a)
    {
        putVarint(a.length);
        if (ensure(a.length * 2L))
        {
            for (final short v : a)
            {
                buffer.putShort(position, v, ORDER);
                position += 2;
            }
        }
    }

    void putChars(final char[] a)
    {
        putVarint(a.length);
        if (ensure(a.length * 2L))
        {
            for (final char v : a)
            {
                buffer.putChar(position, v, ORDER);
                position += 2;
            }
        }
    }

    void putInts(final int[] a)
    {
        putVarint(a.length);
        if (ensure(a.length * 4L))
        {
            for (final int v : a)
            {
                buffer.putInt(position, v, ORDER);
                position += 4;
            }
        }
    }

    void putFloats(final float[] a)
    {
        putVarint(a.length);
        if (ensure(a.length * 4L))
        {
            for (final float v : a)
            {
                buffer.putInt(position, Float.floatToRawIntBits(v), ORDER);
                position += 4;
            }
        }
    }

    void putLongs(final long[] a)
    {
        putVarint(a.length);
        if (ensure(a.length * 8L))
        {
            for (final long v : a)
            {
                buffer.putLong(position, v, ORDER);
                position += 8;
            }
        }
    }

    void putDoubles(final double[] a)
    {
        putVarint(a.length);
        if (ensure(a.length * 8L))
        {
            for (final double v : a)
            {
                buffer.putLong(position, Double.doubleToRawLongBits(v), ORDER);
                position += 8;
            }
        }
    }

    /**
     * The size limit was reached; {@link StructuredCloneWriter#encode} catches it and measures the message. It
     * never passes through code outside the codec: the writer calls user code (accessors, iterators, hooks) only
     * with none of its writes below it on the stack.
     */
    static final class TooLarge extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        TooLarge()
        {
            super(null, null, false, false);
        }
    }
}
