package dev.entangle.internal.codec;

import org.agrona.DirectBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.entangle.internal.codec.CloneFormat.*;

/**
 * Decodes what {@link StructuredCloneWriter} wrote: the Java form of the HTML standard's
 * StructuredDeserializeWithTransfer. Bytes are untrusted: every tag, count and length is checked against the bytes
 * left before anything is allocated, nesting is bounded, back-references must point backwards, and the only class
 * ever resolved from a name is a record the receiver allowed. Any fault is a {@link MessageDecodeException}. Not
 * thread-safe: one per thread, reused.
 */
public final class StructuredCloneReader
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Collections grow from at most this capacity, so a count in the bytes never sizes an allocation alone. */
    private static final int MAX_INITIAL_CAPACITY = 1024;
    /** Stands in the object table for a record whose components are still being read. */
    private static final Object RECORD_UNDER_CONSTRUCTION = new Object();

    private final List<Object> objects = new ArrayList<>();
    private byte[] latin1 = new byte[64];
    private char[] utf16 = new char[64];
    private DirectBuffer buffer;
    private TransferredObjects transferred;
    private RecordPolicy records;
    private int position;
    private int end;
    private int depth;

    /**
     * @param buffer         holds the encoded message.
     * @param offset         where it starts.
     * @param length         how many bytes it has.
     * @param transferred    the ports that arrived with it, which port references resolve to.
     * @param records        which record classes may be rebuilt.
     * @param maxMessageSize the largest message accepted.
     * @return the decoded value.
     * @throws MessageDecodeException when the bytes are not a valid message.
     */
    public Object decode(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final TransferredObjects transferred,
        final RecordPolicy records,
        final int maxMessageSize)
    {
        if (length > maxMessageSize)
        {
            throw new MessageDecodeException("message of " + length + " bytes exceeds maxMessageSize " +
                maxMessageSize);
        }
        if (length < 0 || offset < 0 || (long)offset + length > buffer.capacity())
        {
            throw new MessageDecodeException("message bounds outside the buffer: offset=" + offset + ", length=" +
                length + ", capacity=" + buffer.capacity());
        }
        this.buffer = buffer;
        this.transferred = transferred;
        this.records = records;
        this.position = offset;
        this.end = offset + length;
        this.depth = 0;
        try
        {
            readHeader();
            final Object value = readValue();
            if (position != end)
            {
                throw new MessageDecodeException((end - position) + " bytes left over after the message");
            }
            return value;
        }
        catch (final MessageDecodeException ex)
        {
            throw ex;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            throw new MessageDecodeException("malformed message at byte " + (position - offset) + ": " + ex, ex);
        }
        finally
        {
            objects.clear();
            this.buffer = null;
            this.transferred = null;
            this.records = null;
        }
    }

    private void readHeader()
    {
        require(HEADER_LENGTH, "header");
        final byte magic = buffer.getByte(position);
        final byte version = buffer.getByte(position + 1);
        if (magic != MAGIC)
        {
            throw new MessageDecodeException("not a structured clone: first byte is " + (magic & 0xFF));
        }
        if (version != VERSION)
        {
            throw new MessageDecodeException("unsupported format version " + (version & 0xFF) + ", this reader " +
                "understands version " + VERSION);
        }
        position += HEADER_LENGTH;
    }

    private Object readValue()
    {
        require(1, "tag");
        final byte tag = buffer.getByte(position++);
        return switch (tag)
        {
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case BYTE -> readByte();
            case SHORT -> readShort();
            case INT -> readInt();
            case LONG -> readLong();
            case FLOAT -> Float.intBitsToFloat(readInt());
            case DOUBLE -> Double.longBitsToDouble(readLong());
            case CHAR -> readChar();
            case STRING_LATIN1 -> readLatin1();
            case STRING_UTF16 -> readUtf16();
            case BIG_INTEGER -> new BigInteger(readByteString("BigInteger"));
            case BIG_DECIMAL -> readBigDecimal();
            case INSTANT -> Instant.ofEpochSecond(readLong(), readInt());
            case PATTERN -> readPattern();
            case BACK_REFERENCE -> readBackReference();
            case PORT -> readPort();
            default -> readObject(tag);
        };
    }

    private Object readObject(final byte tag)
    {
        if (++depth > MAX_DEPTH)
        {
            throw new MessageDecodeException("message nests deeper than " + MAX_DEPTH + " levels");
        }
        final Object value = switch (tag)
        {
            case BOOLEAN_ARRAY, BYTE_ARRAY, SHORT_ARRAY, CHAR_ARRAY, INT_ARRAY, LONG_ARRAY, FLOAT_ARRAY,
                DOUBLE_ARRAY -> readPrimitiveArray(tag);
            case OBJECT_ARRAY -> readObjectArray();
            case LIST -> readList();
            case SET -> readSet();
            case MAP -> readMap();
            case RECORD -> readRecord();
            default -> throw new MessageDecodeException("unknown tag " + tag + " at byte " + (position - 1));
        };
        depth--;
        return value;
    }

    private Object readPrimitiveArray(final byte tag)
    {
        final int length = readVarint();
        final int width = switch (tag)
        {
            case BOOLEAN_ARRAY, BYTE_ARRAY -> 1;
            case SHORT_ARRAY, CHAR_ARRAY -> 2;
            case INT_ARRAY, FLOAT_ARRAY -> 4;
            default -> 8;
        };
        require((long)length * width, "array", length, "elements");
        final Object array = switch (tag)
        {
            case BOOLEAN_ARRAY -> readBooleans(length);
            case BYTE_ARRAY -> readBytes(length);
            case SHORT_ARRAY -> readShorts(length);
            case CHAR_ARRAY -> readChars(length);
            case INT_ARRAY -> readInts(length);
            case FLOAT_ARRAY -> readFloats(length);
            case LONG_ARRAY -> readLongs(length);
            default -> readDoubles(length);
        };
        objects.add(array);
        return array;
    }

    private boolean[] readBooleans(final int length)
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

    private byte[] readBytes(final int length)
    {
        final byte[] a = new byte[length];
        buffer.getBytes(position, a);
        position += length;
        return a;
    }

    private short[] readShorts(final int length)
    {
        final short[] a = new short[length];
        for (int i = 0; i < length; i++, position += 2)
        {
            a[i] = buffer.getShort(position, ORDER);
        }
        return a;
    }

    private char[] readChars(final int length)
    {
        final char[] a = new char[length];
        for (int i = 0; i < length; i++, position += 2)
        {
            a[i] = buffer.getChar(position, ORDER);
        }
        return a;
    }

    private int[] readInts(final int length)
    {
        final int[] a = new int[length];
        for (int i = 0; i < length; i++, position += 4)
        {
            a[i] = buffer.getInt(position, ORDER);
        }
        return a;
    }

    private float[] readFloats(final int length)
    {
        final float[] a = new float[length];
        for (int i = 0; i < length; i++, position += 4)
        {
            a[i] = Float.intBitsToFloat(buffer.getInt(position, ORDER));
        }
        return a;
    }

    private long[] readLongs(final int length)
    {
        final long[] a = new long[length];
        for (int i = 0; i < length; i++, position += 8)
        {
            a[i] = buffer.getLong(position, ORDER);
        }
        return a;
    }

    private double[] readDoubles(final int length)
    {
        final double[] a = new double[length];
        for (int i = 0; i < length; i++, position += 8)
        {
            a[i] = Double.longBitsToDouble(buffer.getLong(position, ORDER));
        }
        return a;
    }

    private Object[] readObjectArray()
    {
        final int length = readCount("array");
        final Object[] array = new Object[length];
        objects.add(array);
        for (int i = 0; i < length; i++)
        {
            array[i] = readValue();
        }
        return array;
    }

    private List<Object> readList()
    {
        final int size = readCount("list");
        final List<Object> list = new ArrayList<>(Math.min(size, MAX_INITIAL_CAPACITY));
        objects.add(list);
        for (int i = 0; i < size; i++)
        {
            list.add(readValue());
        }
        return list;
    }

    private Set<Object> readSet()
    {
        final int size = readCount("set");
        final Set<Object> set = new LinkedHashSet<>(Math.min(size, MAX_INITIAL_CAPACITY) * 4 / 3 + 1);
        objects.add(set);
        for (int i = 0; i < size; i++)
        {
            set.add(readValue());
        }
        return set;
    }

    private Map<Object, Object> readMap()
    {
        final int size = readCount("map");
        if (size > (end - position) / 2)
        {
            throw new MessageDecodeException("map of " + size + " entries cannot fit in the " + (end - position) +
                " bytes left");
        }
        final Map<Object, Object> map = new LinkedHashMap<>(Math.min(size, MAX_INITIAL_CAPACITY) * 4 / 3 + 1);
        objects.add(map);
        for (int i = 0; i < size; i++)
        {
            final Object key = readValue();
            map.put(key, readValue());
        }
        return map;
    }

    private Object readRecord()
    {
        final int id = objects.size();
        objects.add(RECORD_UNDER_CONSTRUCTION);
        require(1, "record class name");
        final byte nameTag = buffer.getByte(position++);
        if (nameTag != STRING_LATIN1 && nameTag != STRING_UTF16)
        {
            throw new MessageDecodeException("record class name has tag " + nameTag);
        }
        final String className = nameTag == STRING_LATIN1 ? readLatin1() : readUtf16();
        final Class<? extends Record> type = records.allowed(className);
        if (type == null)
        {
            throw new MessageDecodeException("record class " + className + " is not allowed by the receiving " +
                "context (Context.Builder.allowRecord)");
        }
        final RecordShapes shape = RecordShapes.of(type);
        final int count = readCount("record");
        if (count != shape.componentCount())
        {
            throw new MessageDecodeException("record " + className + " arrived with " + count + " components, " +
                "the receiver's class has " + shape.componentCount());
        }
        final Object[] components = new Object[count];
        for (int i = 0; i < count; i++)
        {
            components[i] = readValue();
        }
        final Object record;
        try
        {
            record = shape.construct(components);
        }
        catch (final Throwable ex)
        {
            throw new MessageDecodeException("record " + className + " could not be rebuilt: " + ex, ex);
        }
        objects.set(id, record);
        return record;
    }

    private Object readBackReference()
    {
        final int id = readVarint();
        if (id >= objects.size())
        {
            throw new MessageDecodeException("back-reference to object " + id + " but only " + objects.size() +
                " objects precede it");
        }
        final Object target = objects.get(id);
        if (target == RECORD_UNDER_CONSTRUCTION)
        {
            throw new MessageDecodeException("back-reference to record " + id + " from within its own components");
        }
        return target;
    }

    private Object readPort()
    {
        final int index = readVarint();
        if (index >= transferred.count())
        {
            throw new MessageDecodeException("reference to transferred port " + index + " but " +
                transferred.count() + " were transferred");
        }
        return transferred.get(index);
    }

    private String readLatin1()
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

    private String readUtf16()
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

    private byte[] readByteString(final String what)
    {
        final int length = readVarint();
        require(length, what, length, "bytes");
        return readBytes(length);
    }

    private BigDecimal readBigDecimal()
    {
        final int scale = readInt();
        return new BigDecimal(new BigInteger(readByteString("BigDecimal")), scale);
    }

    private Pattern readPattern()
    {
        final int flags = readInt();
        require(1, "pattern");
        final byte tag = buffer.getByte(position++);
        if (tag != STRING_LATIN1 && tag != STRING_UTF16)
        {
            throw new MessageDecodeException("pattern source has tag " + tag);
        }
        return Pattern.compile(tag == STRING_LATIN1 ? readLatin1() : readUtf16(), flags);
    }

    /**
     * Reads a count of elements, each of which takes at least one byte.
     */
    private int readCount(final String what)
    {
        final int count = readVarint();
        if (count > end - position)
        {
            throw new MessageDecodeException(what + " of " + count + " elements cannot fit in the " +
                (end - position) + " bytes left");
        }
        return count;
    }

    private Byte readByte()
    {
        require(1, "byte");
        return buffer.getByte(position++);
    }

    private Short readShort()
    {
        require(2, "short");
        final short v = buffer.getShort(position, ORDER);
        position += 2;
        return v;
    }

    private Character readChar()
    {
        require(2, "char");
        final char v = buffer.getChar(position, ORDER);
        position += 2;
        return v;
    }

    private int readInt()
    {
        require(4, "int");
        final int v = buffer.getInt(position, ORDER);
        position += 4;
        return v;
    }

    private long readLong()
    {
        require(8, "long");
        final long v = buffer.getLong(position, ORDER);
        position += 8;
        return v;
    }

    private int readVarint()
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
     * Like {@link #require(long, String)} for a sized value; the message is only built when the check fails, so a
     * valid message allocates nothing but what it returns.
     */
    private void require(final long bytes, final String kind, final int count, final String unit)
    {
        if (bytes > end - position)
        {
            require(bytes, kind + " of " + count + " " + unit);
        }
    }

    private void require(final long bytes, final String what)
    {
        if (bytes > end - position)
        {
            throw new MessageDecodeException("truncated: " + what + " needs " + bytes + " bytes, " +
                (end - position) + " left");
        }
    }
}
