package dev.entangle.internal.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.entangle.internal.codec.CloneFormat.NULL;
import static dev.entangle.internal.codec.CloneFormat.STRING_LATIN1;
import static dev.entangle.internal.codec.CloneFormat.STRING_UTF16;

/**
 * Where {@link StructuredCloneReader} takes bytes from: the mirror of {@link CloneOutput}, with the byte-level forms
 * of the format (little-endian numbers, varints, strings, primitive arrays). The bytes are untrusted, so every read
 * first checks that they are there with {@link #require(long, String)}, and a count or length is checked against
 * the bytes left before it sizes an allocation.
 *
 * <p>Reused from message to message by its reader, with the scratch arrays that strings are read through, so that
 * reading a string allocates the string alone.
 */
final class CloneInput
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private byte[] latin1 = new byte[64];
    private char[] utf16 = new char[64];
    private DirectBuffer buffer;
    private int position;
    private int end;

    /**
     * @param buffer holds the message.
     * @param offset where it starts.
     * @param length how many bytes it has, already checked to lie inside the buffer.
     */
    void start(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    void finish()
    {
        buffer = null;
    }

    int position()
    {
        return position;
    }

    /**
     * @return how many bytes of the message are left to read.
     */
    int remaining()
    {
        return end - position;
    }

    /**
     * For a value whose bytes are read by someone else, the host hook: this many bytes are skipped.
     */
    void advance(final int bytes)
    {
        position += bytes;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * One byte that is no number: a tag, a code, a month or a day.
     */
    byte readRawByte(final String what)
    {
        require(1, what);
        return buffer.getByte(position++);
    }

    Byte readByte()
    {
        require(1, "byte");
        return buffer.getByte(position++);
    }

    Short readShort()
    {
        require(2, "short");
        final short v = buffer.getShort(position, ORDER);
        position += 2;
        return v;
    }

    Character readChar()
    {
        require(2, "char");
        final char v = buffer.getChar(position, ORDER);
        position += 2;
        return v;
    }

    int readInt()
    {
        require(4, "int");
        final int v = buffer.getInt(position, ORDER);
        position += 4;
        return v;
    }

    long readLong()
    {
        require(8, "long");
        final long v = buffer.getLong(position, ORDER);
        position += 8;
        return v;
    }

    int readVarint()
    {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            require(1, "varint");
            final byte b = buffer.getByte(position++);
            value |= (b & 0x7F) << shift;
            if (b >= 0)
            {
                if (value < 0)
                {
                    throw new MessageDecodeException("count or length " + Integer.toUnsignedString(value) +
                        " is out of range");
                }
                return value;
            }
        }
        throw new MessageDecodeException("varint longer than 5 bytes at byte " + position);
    }

    /**
     * Reads a count of elements, each of which takes at least one byte.
     */
    int readCount(final String what)
    {
        final int count = readVarint();
        if (count > end - position)
        {
            throw new MessageDecodeException(what + " of " + count + " elements cannot fit in the " +
                (end - position) + " bytes left");
        }
        return count;
    }

    /**
     * Reads the next value if it is the Latin-1 string whose bytes {@code expected} holds, without building it.
     *
     * @param expected the string's characters, one byte each.
     * @return true when it was that string, now read; false when it was not, and nothing was read.
     */
    boolean takeLatin1String(final byte[] expected)
    {
        final int start = position;
        if (end - start < 1 || buffer.getByte(start) != STRING_LATIN1)
        {
            return false;
        }
        position = start + 1;
        // A malformed length fails here as it would when the string is read the usual way.
        final int length = readVarint();
        final int from = position;
        if (length != expected.length || end - from < length)
        {
            position = start;
            return false;
        }
        if (latin1.length < length)
        {
            latin1 = new byte[Math.max(length, latin1.length * 2)];
        }
        // Two bulk operations: faster than comparing in place a word at a time through the buffer's checks.
        buffer.getBytes(from, latin1, 0, length);
        if (!Arrays.equals(latin1, 0, length, expected, 0, length))
        {
            position = start;
            return false;
        }
        position = from + length;
        return true;
    }

    /**
     * A string value, whose tag must be one of the string tags.
     */
    String readString(final String what)
    {
        require(1, what);
        final byte tag = buffer.getByte(position++);
        if (tag != STRING_LATIN1 && tag != STRING_UTF16)
        {
            throw new MessageDecodeException(what + " has tag " + tag);
        }
        return tag == STRING_LATIN1 ? readLatin1() : readUtf16();
    }

    /**
     * A string value or {@code NULL}.
     */
    String readNullableString(final String what)
    {
        require(1, what);
        if (buffer.getByte(position) == NULL)
        {
            position++;
            return null;
        }
        return readString(what);
    }

    /**
     * The payload of a {@link CloneFormat#STRING_LATIN1} value, whose tag has been read.
     */
    String readLatin1()
    {
        final int length = readVarint();
        require(length, "string", length, "characters");
        if (latin1.length < length)
        {
            latin1 = new byte[Math.max(length, latin1.length * 2)];
        }
        buffer.getBytes(position, latin1, 0, length);
        position += length;
        return new String(latin1, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * The payload of a {@link CloneFormat#STRING_UTF16} value, whose tag has been read.
     */
    String readUtf16()
    {
        final int length = readVarint();
        require(length * 2L, "string", length, "characters");
        if (utf16.length < length)
        {
            utf16 = new char[Math.max(length, utf16.length * 2)];
        }
        for (int i = 0; i < length; i++, position += 2)
        {
            utf16[i] = buffer.getChar(position, ORDER);
        }
        return new String(utf16, 0, length);
    }

    /**
     * The length, then the bytes: the form of {@link CloneOutput#putBytes(byte[])}.
     */
    byte[] readByteString(final String what)
    {
        final int length = readVarint();
        require(length, what, length, "bytes");
        return readBytes(length);
    }

    // The array readers below read elements whose bytes the caller has required: one check for the whole array.

    boolean[] readBooleans(final int length)
    {
        final boolean[] a = new boolean[length];
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(position++);
            if (b != 0 && b != 1)
            {
                throw new MessageDecodeException("boolean array element " + i + " is " + b);
            }
            a[i] = b == 1;
        }
        return a;
    }

    byte[] readBytes(final int length)
    {
        // Filled at once by the copy below: a large one need not be zeroed first.
        final byte[] a = UninitializedArrays.bytes(length);
        buffer.getBytes(position, a);
        position += length;
        return a;
    }

    short[] readShorts(final int length)
    {
        final short[] a = new short[length];
        for (int i = 0; i < length; i++, position += 2)
        {
            a[i] = buffer.getShort(position, ORDER);
        }
        return a;
    }

    char[] readChars(final int length)
    {
        final char[] a = new char[length];
        for (int i = 0; i < length; i++, position += 2)
        {
            a[i] = buffer.getChar(position, ORDER);
        }
        return a;
    }

    int[] readInts(final int length)
    {
        final int[] a = new int[length];
        for (int i = 0; i < length; i++, position += 4)
        {
            a[i] = buffer.getInt(position, ORDER);
        }
        return a;
    }

    float[] readFloats(final int length)
    {
        final float[] a = new float[length];
        for (int i = 0; i < length; i++, position += 4)
        {
            a[i] = Float.intBitsToFloat(buffer.getInt(position, ORDER));
        }
        return a;
    }

    long[] readLongs(final int length)
    {
        final long[] a = new long[length];
        for (int i = 0; i < length; i++, position += 8)
        {
            a[i] = buffer.getLong(position, ORDER);
        }
        return a;
    }

    double[] readDoubles(final int length)
    {
        final double[] a = new double[length];
        for (int i = 0; i < length; i++, position += 8)
        {
            a[i] = Double.longBitsToDouble(buffer.getLong(position, ORDER));
        }
        return a;
    }

    /**
     * Like {@link #require(long, String)} for a sized value; the message is only built when the check fails, so a
     * valid message allocates nothing but what it returns.
     */
    void require(final long bytes, final String kind, final int count, final String unit)
    {
        if (bytes > end - position)
        {
            require(bytes, kind + " of " + count + " " + unit);
        }
    }

    void require(final long bytes, final String what)
    {
        if (bytes > end - position)
        {
            throw new MessageDecodeException("truncated: " + what + " needs " + bytes + " bytes, " +
                (end - position) + " left");
        }
    }
}
