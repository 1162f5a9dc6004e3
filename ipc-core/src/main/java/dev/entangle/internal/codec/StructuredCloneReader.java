package dev.entangle.internal.codec;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

import static dev.entangle.internal.codec.CloneFormat.*;

/**
 * Decodes what {@link StructuredCloneWriter} wrote: the Java form of the HTML standard's
 * StructuredDeserializeWithTransfer. Bytes are untrusted: every tag, count and length is checked against the bytes
 * left before anything is allocated, nesting is bounded, back-references must point backwards, every field is
 * checked against its range, and the only classes ever resolved from a name are the records and enums that the
 * {@link ReceiverPolicy} allows. Any fault is a {@link MessageDecodeException}. Not thread-safe: one per thread,
 * reused.
 *
 * <p>This class walks the message: it reads each tag, keeps the nesting depth and the table of objects that
 * back-references point into, and hands each kind of value to the class that knows its form: {@link CloneInput}
 * for numbers, strings and the bytes of primitive arrays, {@link Containers}, {@link ArrayValues},
 * {@link RecordsAndEnums}, {@link ValueTypes}, {@link ThrowableChains} and {@link HostObjects}.
 */
public final class StructuredCloneReader
{
    /** Stands in the object table for a record whose components are still being read. */
    private static final Object RECORD_UNDER_CONSTRUCTION = new Object();

    /** The message being read, for the value classes; reused. */
    final CloneInput in = new CloneInput();
    /** Which records and enums may be rebuilt, while a message is read. */
    ReceiverPolicy policy;
    /** The record classes this reader resolved last, known again by the bytes of their names. */
    final RecordClassCache recordClasses = new RecordClassCache();
    private final List<Object> objects = new ArrayList<>();
    private HostObjectReader host;
    private int depth;

    /**
     * Finds the bytes of a message that is one {@code byte[]} and nothing else, for a reader that copies them out
     * without decoding, and so without allocating.
     *
     * @return where the array's bytes start in {@code buffer}; they run to the message's end. -1 for any other message,
     * or a malformed one (decoding it then says what is wrong).
     */
    public static int wholeByteArrayStart(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        if (length < HEADER_LENGTH + 2 || buffer.getByte(offset) != MAGIC || buffer.getByte(offset + 1) != VERSION ||
            buffer.getByte(offset + HEADER_LENGTH) != BYTE_ARRAY)
        {
            return -1;
        }
        int at = offset + HEADER_LENGTH + 1;
        int count = 0;
        for (int shift = 0; shift < 35 && at < end; shift += 7)
        {
            final byte b = buffer.getByte(at++);
            count |= (b & 0x7F) << shift;
            if (b >= 0)
            {
                return count == end - at ? at : -1;
            }
        }
        return -1;
    }

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
        final CloneInput in = this.in;
        in.start(buffer, offset, length);
        this.host = host;
        this.policy = policy;
        this.depth = 0;
        try
        {
            readHeader();
            final Object value = readValue();
            if (in.remaining() != 0)
            {
                throw new MessageDecodeException(in.remaining() + " bytes left over after the message");
            }
            return value;
        }
        catch (final MessageDecodeException ex)
        {
            throw ex;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            throw new MessageDecodeException("malformed message at byte " + (in.position() - offset) + ": " + ex,
                ex);
        }
        finally
        {
            objects.clear();
            in.finish();
            this.host = null;
            this.policy = null;
        }
    }

    private void readHeader()
    {
        in.require(HEADER_LENGTH, "header");
        final byte magic = in.readRawByte("header");
        final byte version = in.readRawByte("header");
        if (magic != MAGIC)
        {
            throw new MessageDecodeException("not a structured clone: first byte is " + (magic & 0xFF));
        }
        if (version != VERSION)
        {
            throw new MessageDecodeException("unsupported format version " + (version & 0xFF) + ", this reader " +
                "understands version " + VERSION);
        }
    }

    /**
     * Reads a container here, and any other value in {@link #readLeaf(byte)}. A level of nesting costs two stack
     * frames, this method's and the container reader's, and the leaf readers' locals stay out of both: the depth
     * limit is then met long before the stack's end.
     */
    Object readValue()
    {
        final byte tag = in.readRawByte("tag");
        return switch (tag)
        {
            case OBJECT_ARRAY -> ArrayValues.readObjectArray(this);
            case TYPED_ARRAY -> ArrayValues.readTypedArray(this);
            case LIST -> Containers.readList(this);
            case SET -> Containers.readSet(this);
            case MAP -> Containers.readMap(this);
            case RECORD -> RecordsAndEnums.readRecord(this);
            case OPTIONAL -> Containers.readOptional(this);
            default -> readLeaf(tag);
        };
    }

    /**
     * A value that holds no other value.
     */
    private Object readLeaf(final byte tag)
    {
        final CloneInput in = this.in;
        return switch (tag)
        {
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case BYTE -> in.readByte();
            case SHORT -> in.readShort();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> Float.intBitsToFloat(in.readInt());
            case DOUBLE -> Double.longBitsToDouble(in.readLong());
            case CHAR -> in.readChar();
            case STRING_LATIN1 -> in.readLatin1();
            case STRING_UTF16 -> in.readUtf16();
            case BIG_INTEGER -> ValueTypes.readBigInteger(in);
            case BIG_DECIMAL -> ValueTypes.readBigDecimal(in);
            case INSTANT -> ValueTypes.readInstant(in);
            case PATTERN -> ValueTypes.readPattern(in);
            case BACK_REFERENCE -> readBackReference();
            case TRANSFERRED -> HostObjects.readTransferred(in, host);
            case HOST_OBJECT -> remember(HostObjects.readHostObject(in, host));
            case ENUM -> RecordsAndEnums.readEnum(in, policy);
            case UUID_VALUE -> ValueTypes.readUuid(in);
            case DURATION -> ValueTypes.readDuration(in);
            case LOCAL_DATE -> ValueTypes.readDate(in);
            case LOCAL_TIME -> ValueTypes.readTime(in);
            case LOCAL_DATE_TIME -> ValueTypes.readDateTime(in);
            case OFFSET_DATE_TIME -> ValueTypes.readOffsetDateTime(in);
            case ZONED_DATE_TIME -> ValueTypes.readZonedDateTime(in);
            case ZONE_ID -> ValueTypes.readZone(in);
            case THROWABLE -> ThrowableChains.read(in, host);
            case BOOLEAN_ARRAY, BYTE_ARRAY, SHORT_ARRAY, CHAR_ARRAY, INT_ARRAY, LONG_ARRAY, FLOAT_ARRAY,
                DOUBLE_ARRAY -> remember(ArrayValues.readPrimitiveArray(in, tag));
            default -> throw new MessageDecodeException("unknown tag " + tag + " at byte " + (in.position() - 1));
        };
    }

    /**
     * Counts one more level of nesting, for a container about to read its contents; its reader calls
     * {@link #leave()} when done. Checked here rather than in a method around the container readers, so that a
     * level of nesting costs two stack frames, not three.
     */
    void enter()
    {
        if (++depth > MAX_DEPTH)
        {
            throw new MessageDecodeException("message nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    void leave()
    {
        depth--;
    }

    /**
     * Numbers an object that has identity, in the order of the tags, for the back-references that follow.
     *
     * @return the object.
     */
    <T> T remember(final T object)
    {
        objects.add(object);
        return object;
    }

    /**
     * Numbers a record before its components are read, as the writer did; a back-reference to it from within them
     * is rejected until {@link #fill} puts the record in its place.
     *
     * @return the record's id.
     */
    int reserve()
    {
        final int id = objects.size();
        objects.add(RECORD_UNDER_CONSTRUCTION);
        return id;
    }

    void fill(final int id, final Object record)
    {
        objects.set(id, record);
    }

    private Object readBackReference()
    {
        final int id = in.readVarint();
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
}
