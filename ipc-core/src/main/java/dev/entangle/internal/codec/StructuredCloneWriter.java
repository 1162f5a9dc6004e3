package dev.entangle.internal.codec;

import org.agrona.MutableDirectBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.entangle.internal.codec.CloneFormat.*;

/**
 * Encodes a message graph into a buffer: the Java form of the HTML standard's StructuredSerializeWithTransfer. The
 * types it accepts are those of the structured clone tables in the API, plus the host objects a
 * {@link HostObjectWriter} knows; anything else is refused with a {@link CloneRefusedException} that names the class
 * and its path in the message. Not thread-safe: one per thread, reused, so that a warm writer encoding strings,
 * primitive arrays and maps of them allocates nothing.
 *
 * <p>This class walks the message graph: it picks each value's form by its type, numbers the objects that have
 * identity and writes a back-reference when one is met again, tracks the path for refusals and the nesting depth,
 * and measures a message found too large. The forms are written by {@link CloneOutput} (numbers, strings, the bytes
 * of primitive arrays) and, each kind of value with its reading, by {@link Containers}, {@link ArrayValues},
 * {@link RecordsAndEnums}, {@link ValueTypes}, {@link ThrowableChains} and {@link HostObjects}, which reach this
 * walker's state through its package-private members.
 */
public final class StructuredCloneWriter
{
    /** Where the bytes go; reused. */
    final CloneOutput out = new CloneOutput();
    /** Where the walk is in the graph, for the text of a refusal; reused. */
    final ClonePath path = new ClonePath();
    /** The transfer list and host objects of the message being written. */
    HostObjectWriter host;
    private final IdentityTable ids = new IdentityTable();
    private final Object[] recordsInProgress = new Object[MAX_DEPTH + 1];
    private final Throwable[] causes = new Throwable[MAX_CAUSES];
    private int recordDepth;

    /**
     * Encodes {@code message} at {@code offset} in {@code buffer}, which grows as needed if it is expandable.
     *
     * @param message        the value to clone.
     * @param host           the transfer list and the host objects; a port met in the graph must be listed there.
     * @param buffer         where the bytes go.
     * @param offset         where in the buffer they start.
     * @param maxMessageSize the largest encoding accepted, in bytes.
     * @return the number of bytes written.
     * @throws CloneRefusedException when a value cannot be cloned, or the encoding would exceed
     *                               {@code maxMessageSize}, which it then says with the message's actual size; the
     *                               buffer holds garbage past {@code offset}.
     */
    public int encode(
        final Object message,
        final HostObjectWriter host,
        final MutableDirectBuffer buffer,
        final int offset,
        final int maxMessageSize)
    {
        return encode(message, host, buffer, offset, maxMessageSize, false);
    }

    /**
     * Writes all of a message that is one {@code byte[]} except the array's bytes, for a sender that copies them from
     * the array itself, one copy fewer: this followed by the array's bytes is what {@link #encode} writes.
     *
     * @param bytes          the message.
     * @param host           the transfer list and the host objects, only to describe a refusal.
     * @param buffer         where the bytes go.
     * @param offset         where in the buffer they start.
     * @param maxMessageSize the largest encoding accepted, in bytes.
     * @return the number of bytes written; the message's encoding is that many plus {@code bytes.length}.
     * @throws CloneRefusedException when the encoding would exceed {@code maxMessageSize}.
     */
    public int encodeAllButBytes(
        final byte[] bytes,
        final HostObjectWriter host,
        final MutableDirectBuffer buffer,
        final int offset,
        final int maxMessageSize)
    {
        return encode(bytes, host, buffer, offset, maxMessageSize, true);
    }

    /**
     * @param leaveOutBytes for a message that is a {@code byte[]}: write all but its bytes, which still count against
     *                      the limit.
     */
    private int encode(
        final Object message,
        final HostObjectWriter host,
        final MutableDirectBuffer buffer,
        final int offset,
        final int maxMessageSize,
        final boolean leaveOutBytes)
    {
        final long limit = (long)offset + maxMessageSize - (leaveOutBytes ? ((byte[])message).length : 0);
        out.start(buffer, offset, (int)Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit)));
        try
        {
            if (message instanceof byte[] bytes)
            {
                return writeRootBytes(bytes, !leaveOutBytes) - offset;
            }
            return walk(message, host) - offset;
        }
        catch (final CloneOutput.TooLarge ex)
        {
            throw new CloneRefusedException(describeTooLarge(measure(message, host), maxMessageSize));
        }
    }

    /**
     * A {@code byte[]} that is the whole message, the commonest binary message: nothing else in it can refer back to
     * it, so it is written as the walk would write it, without the walk's tables.
     *
     * @param withBytes false to stop after its length, for a sender that copies the bytes from the array itself.
     * @return the position after what was written.
     */
    private int writeRootBytes(final byte[] bytes, final boolean withBytes)
    {
        try
        {
            putHeader();
            out.putByte(BYTE_ARRAY);
            out.putVarint(bytes.length);
            if (withBytes)
            {
                out.putRawBytes(bytes);
            }
            return out.position();
        }
        finally
        {
            out.finish();
        }
    }

    private void putHeader()
    {
        out.putByte(MAGIC);
        out.putByte(VERSION);
    }

    /**
     * @return the position after the message.
     */
    private int walk(final Object message, final HostObjectWriter host)
    {
        this.host = host;
        try
        {
            putHeader();
            writeValue(message);
            return out.position();
        }
        catch (final StackOverflowError ex)
        {
            throw new CloneRefusedException(path.render() + ": the message is nested too deeply to clone", ex);
        }
        finally
        {
            ids.clear();
            path.clear();
            while (recordDepth > 0)
            {
                recordsInProgress[--recordDepth] = null;
            }
            out.finish();
            this.host = null;
        }
    }

    /**
     * Walks the message again, writing nothing, to count its bytes: done only for a message already found too
     * large, so that a valid message pays nothing for it, and holding no copy of it. Record accessors and the host
     * hook are called a second time.
     *
     * @return the encoded size; -1 when it is over {@link Integer#MAX_VALUE}; 0 when the second walk failed, the
     * graph having changed in between.
     */
    private long measure(final Object message, final HostObjectWriter host)
    {
        out.startMeasuring();
        try
        {
            return walk(message, host);
        }
        catch (final CloneOutput.TooLarge ex)
        {
            return -1;
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }

    private static String describeTooLarge(final long size, final int maxMessageSize)
    {
        final String over = " bytes, over maxMessageSize of " + maxMessageSize + " bytes";
        if (size < 0)
        {
            return "the message is more than " + Integer.MAX_VALUE + over;
        }
        return size > maxMessageSize ? "the message is " + size + over :
            "the message exceeds maxMessageSize of " + maxMessageSize + " bytes";
    }

    void writeValue(final Object value)
    {
        if (value == null)
        {
            out.putByte(NULL);
        }
        else if (value instanceof String s)
        {
            out.putString(s);
        }
        else if (value instanceof Integer i)
        {
            out.putByte(INT);
            out.putInt(i);
        }
        else if (value instanceof Long l)
        {
            out.putByte(LONG);
            out.putLong(l);
        }
        else if (value instanceof Double d)
        {
            out.putByte(DOUBLE);
            out.putLong(Double.doubleToRawLongBits(d));
        }
        else if (value instanceof Boolean b)
        {
            out.putByte(b ? TRUE : FALSE);
        }
        else
        {
            writeOther(value);
        }
    }

    /**
     * Writes the rarer immutable values of the first table, or a back-reference to a value already written, or a
     * container, or the value types of the later table. Containers come before those: they are the common case,
     * and the rarer types behind them cost a container nothing.
     *
     * <p>Each container is written by a method called from here that calls {@link #writeValue} for its contents,
     * so that a level of nesting costs three stack frames and the depth limit is met long before the stack's end.
     * This method is kept too large for the JIT to inline into {@link #writeValue}: the container writers are then
     * compiled with it, in a unit small enough that the iterators they use are never allocated.
     */
    private void writeOther(final Object value)
    {
        if (value instanceof Byte b)
        {
            out.putByte(BYTE);
            out.putByte(b);
        }
        else if (value instanceof Short s)
        {
            out.putByte(SHORT);
            out.putShort(s);
        }
        else if (value instanceof Float f)
        {
            out.putByte(FLOAT);
            out.putInt(Float.floatToRawIntBits(f));
        }
        else if (value instanceof Character c)
        {
            out.putByte(CHAR);
            out.putShort((short)c.charValue());
        }
        else if (value instanceof BigInteger big)
        {
            out.putByte(BIG_INTEGER);
            out.putBytes(big.toByteArray());
        }
        else if (value instanceof BigDecimal decimal)
        {
            out.putByte(BIG_DECIMAL);
            out.putInt(decimal.scale());
            out.putBytes(decimal.unscaledValue().toByteArray());
        }
        else if (value instanceof Instant instant)
        {
            out.putByte(INSTANT);
            out.putLong(instant.getEpochSecond());
            out.putInt(instant.getNano());
        }
        else if (value instanceof Pattern pattern)
        {
            out.putByte(PATTERN);
            out.putInt(pattern.flags());
            out.putString(pattern.pattern());
        }
        else if (writeBackReference(value))
        {
            return;
        }
        else if (value.getClass().isArray())
        {
            // Before the interfaces: an array is none of them, and HotSpot before JDK 23 scans an array's
            // interfaces with a slow instruction for each interface it is not.
            if (value instanceof Object[] array)
            {
                ArrayValues.writeReferenceArray(this, array);
            }
            else
            {
                ArrayValues.writePrimitiveArray(this, value);
            }
        }
        else if (value instanceof Record record && !RecordShapes.of(record.getClass()).isContainer())
        {
            // Before the interfaces, for the reason arrays are: a record is a class, told at once. A record that is
            // also a List, a Set or a Map travels as that container, below.
            RecordsAndEnums.writeRecord(this, record);
        }
        else if (value instanceof List<?> list)
        {
            register(value, LIST);
            Containers.writeCollection(this, list, list.size());
        }
        else if (value instanceof Set<?> set)
        {
            register(value, SET);
            Containers.writeCollection(this, set, set.size());
        }
        else if (value instanceof Map<?, ?> map)
        {
            register(value, MAP);
            Containers.writeMap(this, map);
        }
        else if (value instanceof Optional<?> optional)
        {
            Containers.writeOptional(this, optional);
        }
        else if (!ValueTypes.write(out, value) && !writeMore(value))
        {
            HostObjects.write(this, value);
        }
    }

    /**
     * @return whether the value was an enum constant or a Throwable and has been written.
     */
    private boolean writeMore(final Object value)
    {
        if (value instanceof Enum<?> constant)
        {
            RecordsAndEnums.writeEnum(out, constant);
        }
        else if (value instanceof Throwable throwable)
        {
            ThrowableChains.write(out, throwable, causes);
        }
        else
        {
            return false;
        }
        return true;
    }

    private boolean writeBackReference(final Object value)
    {
        final int id = ids.get(value);
        if (id == IdentityTable.MISSING)
        {
            return false;
        }
        for (int i = 0; i < recordDepth; i++)
        {
            if (recordsInProgress[i] == value)
            {
                throw refused(value, "is reached again from its own components; such a cycle cannot be rebuilt " +
                    "(let it pass through a list, set, map or array)");
            }
        }
        out.putByte(BACK_REFERENCE);
        out.putVarint(id);
        return true;
    }

    /**
     * Numbers a value that has identity, for the back-references that may follow, and writes its tag.
     */
    void register(final Object value, final byte tag)
    {
        ids.put(value, ids.size());
        out.putByte(tag);
    }

    /**
     * Refuses to go one level deeper than the reader accepts; called by each container before its contents.
     */
    void enter()
    {
        if (path.depth() >= MAX_DEPTH)
        {
            throw new CloneRefusedException(path.render() + ": the message nests deeper than " + MAX_DEPTH +
                " levels");
        }
    }

    CloneRefusedException refused(final Object value, final String why)
    {
        return new CloneRefusedException(path.render() + ": " + value.getClass().getName() + " " + why);
    }

    CloneRefusedException modified(final Object container, final Exception cause)
    {
        return new CloneRefusedException(path.render() + ": " + container.getClass().getName() +
            " was modified while being cloned", cause);
    }

    /**
     * Marks a record whose components are being written: met again among them, it is refused, as the reader
     * could not rebuild it (a record is made after its components).
     */
    void beginRecord(final Record record)
    {
        recordsInProgress[recordDepth++] = record;
    }

    void endRecord()
    {
        recordsInProgress[--recordDepth] = null;
    }
}
