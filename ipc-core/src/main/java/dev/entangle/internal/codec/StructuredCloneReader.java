package dev.entangle.internal.codec;

import org.agrona.DirectBuffer;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.entangle.internal.codec.CloneFormat.*;

/**
 * Decodes what {@link StructuredCloneWriter} wrote: the Java form of the HTML standard's
 * StructuredDeserializeWithTransfer. Bytes are untrusted: every tag, count and length is checked against the bytes
 * left before anything is allocated, nesting is bounded, back-references must point backwards, every field is
 * checked against its range, and the only classes ever resolved from a name are the records and enums that the
 * {@link ReceiverPolicy} allows. Any fault is a {@link MessageDecodeException}. Not thread-safe: one per thread,
 * reused.
 */
public final class StructuredCloneReader
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Collections grow from at most this capacity, so a count in the bytes never sizes an allocation alone. */
    private static final int MAX_INITIAL_CAPACITY = 1024;
    /** Stands in the object table for a record whose components are still being read. */
    private static final Object RECORD_UNDER_CONSTRUCTION = new Object();
    /** The fewest bytes a stack trace element takes: four one-byte nulls, two empty strings, the line number. */
    private static final int MIN_STACK_TRACE_ELEMENT = 4 + 2 * 2 + 4;

    private final List<Object> objects = new ArrayList<>();
    private byte[] latin1 = new byte[64];
    private char[] utf16 = new char[64];
    private DirectBuffer buffer;
    private HostObjectReader host;
    private ReceiverPolicy policy;
    private int position;
    private int end;
    private int depth;

    /**
     * @param buffer         holds the encoded message.
     * @param offset         where it starts.
     * @param length         how many bytes it has.
     * @param host           the objects that arrived in the transfer list, and the maker of host objects and of what
     *                       stands for a throwable.
     * @param policy         which record and enum classes may be rebuilt.
     * @param maxMessageSize the largest message accepted.
     * @return the decoded value.
     * @throws MessageDecodeException when the bytes are not a valid message.
     */
    public Object decode(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final HostObjectReader host,
        final ReceiverPolicy policy,
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
        this.host = host;
        this.policy = policy;
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
            this.host = null;
            this.policy = null;
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

    /**
     * Reads a container here, and any other value in {@link #readLeaf(byte)}. A level of nesting costs two stack
     * frames, this method's and the container reader's, and the leaf readers' locals stay out of both: the depth
     * limit is then met long before the stack's end.
     */
    private Object readValue()
    {
        require(1, "tag");
        final byte tag = buffer.getByte(position++);
        return switch (tag)
        {
            case OBJECT_ARRAY -> readObjectArray();
            case TYPED_ARRAY -> readTypedArray();
            case LIST -> readList();
            case SET -> readSet();
            case MAP -> readMap();
            case RECORD -> readRecord();
            case OPTIONAL -> readOptional();
            default -> readLeaf(tag);
        };
    }

    /**
     * A value that holds no other value.
     */
    private Object readLeaf(final byte tag)
    {
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
            case INSTANT -> readInstant();
            case PATTERN -> readPattern();
            case BACK_REFERENCE -> readBackReference();
            case TRANSFERRED -> readTransferred();
            case HOST_OBJECT -> readHostObject();
            case ENUM -> readEnum();
            case UUID_VALUE -> readUuid();
            case DURATION -> readDuration();
            case LOCAL_DATE -> readDate();
            case LOCAL_TIME -> readTime();
            case LOCAL_DATE_TIME -> readDateTime();
            case OFFSET_DATE_TIME -> readOffsetDateTime();
            case ZONED_DATE_TIME -> readZonedDateTime();
            case ZONE_ID -> readZone();
            case THROWABLE -> readThrowable();
            case BOOLEAN_ARRAY, BYTE_ARRAY, SHORT_ARRAY, CHAR_ARRAY, INT_ARRAY, LONG_ARRAY, FLOAT_ARRAY,
                DOUBLE_ARRAY -> readPrimitiveArray(tag);
            default -> throw new MessageDecodeException("unknown tag " + tag + " at byte " + (position - 1));
        };
    }

    /**
     * Counts one more level of nesting, for a container about to read its contents; its reader calls
     * {@link #leave()} when done. Checked here rather than in a method around the container readers, so that a
     * level of nesting costs two stack frames, not three.
     */
    private void enter()
    {
        if (++depth > MAX_DEPTH)
        {
            throw new MessageDecodeException("message nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void leave()
    {
        depth--;
    }

    private Optional<Object> readOptional()
    {
        enter();
        final Optional<Object> optional = Optional.ofNullable(readValue());
        leave();
        return optional;
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
        enter();
        for (int i = 0; i < length; i++)
        {
            array[i] = readValue();
        }
        leave();
        return array;
    }

    private List<Object> readList()
    {
        final int size = readCount("list");
        final List<Object> list = new ArrayList<>(Math.min(size, MAX_INITIAL_CAPACITY));
        objects.add(list);
        enter();
        for (int i = 0; i < size; i++)
        {
            list.add(readValue());
        }
        leave();
        return list;
    }

    private Set<Object> readSet()
    {
        final int size = readCount("set");
        final Set<Object> set = new LinkedHashSet<>(Math.min(size, MAX_INITIAL_CAPACITY) * 4 / 3 + 1);
        objects.add(set);
        enter();
        for (int i = 0; i < size; i++)
        {
            set.add(readValue());
        }
        leave();
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
        enter();
        for (int i = 0; i < size; i++)
        {
            final Object key = readValue();
            map.put(key, readValue());
        }
        leave();
        return map;
    }

    private Object readRecord()
    {
        final int id = objects.size();
        objects.add(RECORD_UNDER_CONSTRUCTION);
        final String className = readString("record class name");
        final Class<? extends Record> type = allowedRecord(className);
        final RecordShapes shape = RecordShapes.of(type);
        final int count = readCount("record");
        if (count != shape.componentCount())
        {
            throw new MessageDecodeException("record " + className + " arrived with " + count + " components, " +
                "the receiver's class has " + shape.componentCount());
        }
        final Object[] components = new Object[count];
        enter();
        for (int i = 0; i < count; i++)
        {
            components[i] = readValue();
        }
        leave();
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

    private Class<? extends Record> allowedRecord(final String className)
    {
        final Class<? extends Record> type = policy.allowedRecord(className);
        if (type == null)
        {
            throw new MessageDecodeException("record class " + className + " is not allowed by the receiving " +
                "context (Context.Builder.allowRecord)");
        }
        return type;
    }

    private Class<? extends Enum<?>> allowedEnum(final String className)
    {
        final Class<? extends Enum<?>> type = policy.allowedEnum(className);
        if (type == null)
        {
            throw new MessageDecodeException("enum class " + className + " is not allowed by the receiving " +
                "context (Context.Builder.allowEnum)");
        }
        return type;
    }

    private Object readEnum()
    {
        final String className = readString("enum class name");
        final Class<? extends Enum<?>> type = allowedEnum(className);
        final String name = readString("enum constant name");
        final Object constant = EnumConstants.constant(type, name);
        if (constant == null)
        {
            throw new MessageDecodeException("enum class " + className + " has no constant " + name);
        }
        return constant;
    }

    /**
     * An array of a component type the receiver rebuilds as such; each element must be of that type.
     */
    private Object[] readTypedArray()
    {
        require(1, "array component type");
        final byte code = buffer.getByte(position++);
        final Class<?> component;
        if (code == ArrayComponents.RECORD)
        {
            component = allowedRecord(readString("record class name"));
        }
        else if (code == ArrayComponents.ENUM)
        {
            component = allowedEnum(readString("enum class name"));
        }
        else
        {
            component = ArrayComponents.type(code);
            if (component == null)
            {
                throw new MessageDecodeException("unknown array component type " + code);
            }
        }
        final int length = readCount("array");
        final Object[] array = (Object[])Array.newInstance(component, length);
        objects.add(array);
        enter();
        for (int i = 0; i < length; i++)
        {
            final Object element = readValue();
            if (element != null && !component.isInstance(element))
            {
                throw new MessageDecodeException(component.getName() + "[] element " + i + " is a " +
                    element.getClass().getName());
            }
            array[i] = element;
        }
        leave();
        return array;
    }

    private Object readTransferred()
    {
        final int index = readVarint();
        final int count = host.transferredCount();
        if (index >= count)
        {
            throw new MessageDecodeException("reference to transferred object " + index + " but " + count +
                " were transferred");
        }
        return host.transferred(index);
    }

    private Object readHostObject()
    {
        final int type = readVarint();
        final int length = readVarint();
        require(length, "host object", length, "bytes");
        final Object value;
        try
        {
            value = host.readClone(type, buffer, position, length);
        }
        catch (final MessageDecodeException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new MessageDecodeException("host object of type " + type + " could not be read: " + ex, ex);
        }
        if (value == null)
        {
            throw new MessageDecodeException("host object of type " + type + " was read as null");
        }
        position += length;
        objects.add(value);
        return value;
    }

    /**
     * A cause chain, outermost first in the bytes, built from its end so that each link is made with its cause.
     */
    private Object readThrowable()
    {
        final int count = readVarint();
        if (count < 1 || count > MAX_CAUSES)
        {
            throw new MessageDecodeException("throwable with a cause chain of " + count + ", not 1 to " +
                MAX_CAUSES);
        }
        return readThrowableLink(count);
    }

    private Object readThrowableLink(final int remaining)
    {
        final String className = readString("throwable class name");
        final String message = readNullableString("throwable message");
        final int traceLength = readVarint();
        require((long)traceLength * MIN_STACK_TRACE_ELEMENT, "stack trace", traceLength, "elements");
        final StackTraceElement[] trace = new StackTraceElement[traceLength];
        for (int i = 0; i < traceLength; i++)
        {
            trace[i] = readStackTraceElement();
        }
        final Object cause = remaining > 1 ? readThrowableLink(remaining - 1) : null;
        final Object throwable;
        try
        {
            throwable = host.newThrowable(className, message, trace, cause);
        }
        catch (final MessageDecodeException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new MessageDecodeException("throwable " + className + " could not be rebuilt: " + ex, ex);
        }
        if (throwable == null)
        {
            throw new MessageDecodeException("throwable " + className + " was rebuilt as null");
        }
        return throwable;
    }

    private StackTraceElement readStackTraceElement()
    {
        final String classLoaderName = readNullableString("class loader name");
        final String moduleName = readNullableString("module name");
        final String moduleVersion = readNullableString("module version");
        final String declaringClass = readString("stack trace class name");
        final String methodName = readString("stack trace method name");
        final String fileName = readNullableString("stack trace file name");
        final int lineNumber = readInt();
        return new StackTraceElement(
            classLoaderName, moduleName, moduleVersion, declaringClass, methodName, fileName, lineNumber);
    }

    private Instant readInstant()
    {
        final long seconds = readLong();
        final int nanos = readInt();
        checkNanos(nanos, "Instant");
        try
        {
            return Instant.ofEpochSecond(seconds, nanos);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("Instant", ex);
        }
    }

    private UUID readUuid()
    {
        final long mostSignificantBits = readLong();
        return new UUID(mostSignificantBits, readLong());
    }

    private LocalDateTime readDateTime()
    {
        final LocalDate date = readDate();
        return LocalDateTime.of(date, readTime());
    }

    private OffsetDateTime readOffsetDateTime()
    {
        final LocalDateTime dateTime = readDateTime();
        return OffsetDateTime.of(dateTime, readOffset());
    }

    private Duration readDuration()
    {
        final long seconds = readLong();
        final int nanos = readInt();
        checkNanos(nanos, "Duration");
        return Duration.ofSeconds(seconds, nanos);
    }

    private static void checkNanos(final int nanos, final String what)
    {
        if (nanos < 0 || nanos > 999_999_999)
        {
            throw new MessageDecodeException(what + " nanos " + nanos + " out of range 0 to 999999999");
        }
    }

    private LocalDate readDate()
    {
        final int year = readInt();
        require(2, "date");
        final int month = buffer.getByte(position++);
        final int day = buffer.getByte(position++);
        try
        {
            return LocalDate.of(year, month, day);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("LocalDate", ex);
        }
    }

    private LocalTime readTime()
    {
        final long nanoOfDay = readLong();
        try
        {
            return LocalTime.ofNanoOfDay(nanoOfDay);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("LocalTime", ex);
        }
    }

    private ZoneOffset readOffset()
    {
        final int seconds = readInt();
        try
        {
            return ZoneOffset.ofTotalSeconds(seconds);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("ZoneOffset", ex);
        }
    }

    private ZoneId readZone()
    {
        final String id = readString("zone id");
        try
        {
            return ZoneId.of(id);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("ZoneId", ex);
        }
    }

    /**
     * The sender's local date-time, offset and zone, so that the value is equal. Should the receiver's time-zone
     * rules not allow that offset for that zone and date-time (older or newer rules), the same instant is kept in
     * the zone, with the offset the receiver's rules give.
     */
    private ZonedDateTime readZonedDateTime()
    {
        final LocalDateTime dateTime = readDateTime();
        final ZoneOffset offset = readOffset();
        final ZoneId zone = readZone();
        try
        {
            return ZonedDateTime.ofStrict(dateTime, offset, zone);
        }
        catch (final DateTimeException strict)
        {
            try
            {
                return ZonedDateTime.ofInstant(dateTime, offset, zone);
            }
            catch (final DateTimeException ex)
            {
                throw invalid("ZonedDateTime", ex);
            }
        }
    }

    private static MessageDecodeException invalid(final String what, final DateTimeException ex)
    {
        return new MessageDecodeException("invalid " + what + ": " + ex.getMessage(), ex);
    }

    /**
     * A string value, whose tag must be one of the string tags.
     */
    private String readString(final String what)
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
    private String readNullableString(final String what)
    {
        require(1, what);
        if (buffer.getByte(position) == NULL)
        {
            position++;
            return null;
        }
        return readString(what);
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
        return Pattern.compile(readString("pattern source"), flags);
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
