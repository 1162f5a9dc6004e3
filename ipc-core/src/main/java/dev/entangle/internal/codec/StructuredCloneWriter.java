package dev.entangle.internal.codec;

import dev.entangle.DataCloneException;
import dev.entangle.Transferable;
import org.agrona.MutableDirectBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.entangle.internal.codec.CloneFormat.*;

/**
 * Encodes a message graph into a buffer: the Java form of the HTML standard's StructuredSerializeWithTransfer. The
 * types it accepts are those of the structured clone table in the API; anything else is refused with a
 * {@link DataCloneException} that names the class and its path in the message. Not thread-safe: one per thread,
 * reused, so that a warm writer encoding strings and primitive arrays allocates nothing.
 */
public final class StructuredCloneWriter
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final IdentityTable ids = new IdentityTable();
    private final ClonePath path = new ClonePath();
    private final Object[] recordsInProgress = new Object[MAX_DEPTH + 1];
    private int recordDepth;
    private TransferTable transfer;
    private MutableDirectBuffer buffer;
    private int position;
    private int limit;
    private int maxMessageSize;

    /**
     * Encodes {@code message} at {@code offset} in {@code buffer}, which grows as needed if it is expandable.
     *
     * @param message        the value to clone.
     * @param transfer       the ports travelling with it; a port met in the graph must be listed here.
     * @param buffer         where the bytes go.
     * @param offset         where in the buffer they start.
     * @param maxMessageSize the largest encoding accepted, in bytes.
     * @return the number of bytes written.
     * @throws DataCloneException when a value cannot be cloned or the encoding would exceed {@code maxMessageSize};
     *                            the buffer then holds garbage past {@code offset}.
     */
    public int encode(
        final Object message,
        final TransferTable transfer,
        final MutableDirectBuffer buffer,
        final int offset,
        final int maxMessageSize)
    {
        this.transfer = transfer;
        this.buffer = buffer;
        this.position = offset;
        this.maxMessageSize = maxMessageSize;
        this.limit = (int)Math.min(Integer.MAX_VALUE, (long)offset + maxMessageSize);
        try
        {
            ensure(HEADER_LENGTH);
            buffer.putByte(position, MAGIC);
            buffer.putByte(position + 1, VERSION);
            position += HEADER_LENGTH;
            writeValue(message);
            return position - offset;
        }
        catch (final StackOverflowError ex)
        {
            throw new DataCloneException(path.render() + ": the message is nested too deeply to clone", ex);
        }
        finally
        {
            ids.clear();
            path.clear();
            while (recordDepth > 0)
            {
                recordsInProgress[--recordDepth] = null;
            }
            this.transfer = null;
            this.buffer = null;
        }
    }

    private void writeValue(final Object value)
    {
        if (value == null)
        {
            putTag(NULL);
        }
        else if (value instanceof String s)
        {
            writeString(s);
        }
        else if (value instanceof Integer i)
        {
            putTag(INT);
            putInt(i);
        }
        else if (value instanceof Long l)
        {
            putTag(LONG);
            putLong(l);
        }
        else if (value instanceof Double d)
        {
            putTag(DOUBLE);
            putLong(Double.doubleToRawLongBits(d));
        }
        else if (value instanceof Boolean b)
        {
            putTag(b ? TRUE : FALSE);
        }
        else if (value instanceof Transferable)
        {
            writePort(value);
        }
        else
        {
            writeOther(value);
        }
    }

    private void writeOther(final Object value)
    {
        if (value instanceof Byte b)
        {
            putTag(BYTE);
            putByte(b);
        }
        else if (value instanceof Short s)
        {
            putTag(SHORT);
            ensure(2);
            buffer.putShort(position, s, ORDER);
            position += 2;
        }
        else if (value instanceof Float f)
        {
            putTag(FLOAT);
            putInt(Float.floatToRawIntBits(f));
        }
        else if (value instanceof Character c)
        {
            putTag(CHAR);
            ensure(2);
            buffer.putChar(position, c, ORDER);
            position += 2;
        }
        else if (value instanceof BigInteger big)
        {
            putTag(BIG_INTEGER);
            putBytes(big.toByteArray());
        }
        else if (value instanceof BigDecimal decimal)
        {
            putTag(BIG_DECIMAL);
            putInt(decimal.scale());
            putBytes(decimal.unscaledValue().toByteArray());
        }
        else if (value instanceof Instant instant)
        {
            putTag(INSTANT);
            putLong(instant.getEpochSecond());
            putInt(instant.getNano());
        }
        else if (value instanceof Pattern pattern)
        {
            putTag(PATTERN);
            putInt(pattern.flags());
            writeString(pattern.pattern());
        }
        else if (!writeBackReference(value))
        {
            writeObject(value);
        }
    }

    /**
     * Writes a value that has identity, the first time it is met.
     */
    private void writeObject(final Object value)
    {
        if (value.getClass().isArray())
        {
            writeArray(value);
        }
        else if (value instanceof List<?> list)
        {
            register(value, LIST);
            writeCollection(list, list.size());
        }
        else if (value instanceof Set<?> set)
        {
            register(value, SET);
            writeCollection(set, set.size());
        }
        else if (value instanceof Map<?, ?> map)
        {
            register(value, MAP);
            writeMap(map);
        }
        else if (value instanceof Record record)
        {
            writeRecord(record);
        }
        else
        {
            throw refused(value, "is not cloneable");
        }
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
        putTag(BACK_REFERENCE);
        putVarint(id);
        return true;
    }

    private void register(final Object value, final byte tag)
    {
        ids.put(value, ids.size());
        putTag(tag);
    }

    private void writePort(final Object port)
    {
        final int index = transfer.indexOf(port);
        if (index < 0)
        {
            throw new DataCloneException(path.render() + ": a MessagePort in the message must also be in the " +
                "transfer list");
        }
        putTag(PORT);
        putVarint(index);
    }

    private void writeString(final String s)
    {
        final int length = s.length();
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
            putTag(STRING_LATIN1);
            putVarint(length);
            ensure(length);
            for (int i = 0; i < length; i++)
            {
                buffer.putByte(position + i, (byte)s.charAt(i));
            }
            position += length;
        }
        else
        {
            putTag(STRING_UTF16);
            putVarint(length);
            ensure(length * 2L);
            for (int i = 0; i < length; i++)
            {
                buffer.putChar(position + i * 2, s.charAt(i), ORDER);
            }
            position += length * 2;
        }
    }

    private void writeArray(final Object array)
    {
        if (array instanceof byte[] a)
        {
            register(a, BYTE_ARRAY);
            putVarint(a.length);
            ensure(a.length);
            buffer.putBytes(position, a);
            position += a.length;
        }
        else if (array instanceof Object[] a)
        {
            register(a, OBJECT_ARRAY);
            writeElements(a);
        }
        else if (array instanceof int[] a)
        {
            register(a, INT_ARRAY);
            putVarint(a.length);
            ensure(a.length * 4L);
            for (final int v : a)
            {
                buffer.putInt(position, v, ORDER);
                position += 4;
            }
        }
        else if (array instanceof long[] a)
        {
            register(a, LONG_ARRAY);
            putVarint(a.length);
            ensure(a.length * 8L);
            for (final long v : a)
            {
                buffer.putLong(position, v, ORDER);
                position += 8;
            }
        }
        else if (array instanceof double[] a)
        {
            register(a, DOUBLE_ARRAY);
            putVarint(a.length);
            ensure(a.length * 8L);
            for (final double v : a)
            {
                buffer.putLong(position, Double.doubleToRawLongBits(v), ORDER);
                position += 8;
            }
        }
        else
        {
            writeSmallArray(array);
        }
    }

    private void writeSmallArray(final Object array)
    {
        if (array instanceof boolean[] a)
        {
            register(a, BOOLEAN_ARRAY);
            putVarint(a.length);
            ensure(a.length);
            for (final boolean v : a)
            {
                buffer.putByte(position++, v ? (byte)1 : (byte)0);
            }
        }
        else if (array instanceof short[] a)
        {
            register(a, SHORT_ARRAY);
            putVarint(a.length);
            ensure(a.length * 2L);
            for (final short v : a)
            {
                buffer.putShort(position, v, ORDER);
                position += 2;
            }
        }
        else if (array instanceof char[] a)
        {
            register(a, CHAR_ARRAY);
            putVarint(a.length);
            ensure(a.length * 2L);
            for (final char v : a)
            {
                buffer.putChar(position, v, ORDER);
                position += 2;
            }
        }
        else if (array instanceof float[] a)
        {
            register(a, FLOAT_ARRAY);
            putVarint(a.length);
            ensure(a.length * 4L);
            for (final float v : a)
            {
                buffer.putInt(position, Float.floatToRawIntBits(v), ORDER);
                position += 4;
            }
        }
        else
        {
            throw refused(array, "is not cloneable");
        }
    }

    private void writeElements(final Object[] elements)
    {
        putVarint(elements.length);
        enter();
        path.pushIndex(0);
        for (int i = 0; i < elements.length; i++)
        {
            path.nextIndex(i);
            writeValue(elements[i]);
        }
        path.pop();
    }

    private void writeCollection(final Collection<?> collection, final int size)
    {
        putVarint(size);
        enter();
        path.pushIndex(0);
        int written = 0;
        try
        {
            if (collection instanceof List<?> list && collection instanceof RandomAccess)
            {
                for (; written < size; written++)
                {
                    path.nextIndex(written);
                    writeValue(list.get(written));
                }
                if (list.size() != size)
                {
                    throw new ConcurrentModificationException();
                }
            }
            else
            {
                final Iterator<?> elements = collection.iterator();
                for (; elements.hasNext(); written++)
                {
                    path.nextIndex(written);
                    final Object element = elements.next();
                    if (written == size)
                    {
                        throw new ConcurrentModificationException();
                    }
                    writeValue(element);
                }
            }
        }
        catch (final ConcurrentModificationException | IndexOutOfBoundsException ex)
        {
            throw modified(collection, ex);
        }
        if (written != size)
        {
            throw modified(collection, null);
        }
        path.pop();
    }

    private void writeMap(final Map<?, ?> map)
    {
        final int size = map.size();
        putVarint(size);
        enter();
        int entry = 0;
        try
        {
            for (final Map.Entry<?, ?> e : map.entrySet())
            {
                if (entry == size)
                {
                    throw new ConcurrentModificationException();
                }
                final Object key = e.getKey();
                path.pushMapKey(entry);
                writeValue(key);
                path.pop();
                path.pushMapValue(key, entry);
                writeValue(e.getValue());
                path.pop();
                entry++;
            }
        }
        catch (final ConcurrentModificationException ex)
        {
            throw modified(map, ex);
        }
        if (entry != size)
        {
            throw modified(map, null);
        }
    }

    private void writeRecord(final Record record)
    {
        final Class<?> type = record.getClass();
        final RecordShapes shape = RecordShapes.of(type);
        register(record, RECORD);
        writeString(type.getName());
        final int count = shape.componentCount();
        putVarint(count);
        enter();
        recordsInProgress[recordDepth++] = record;
        for (int i = 0; i < count; i++)
        {
            path.pushComponent(shape.name(i));
            final Object component;
            try
            {
                component = shape.get(record, i);
            }
            catch (final RuntimeException | Error ex)
            {
                // As in the standard: an exception thrown by an accessor propagates unchanged.
                throw ex;
            }
            catch (final Throwable ex)
            {
                throw new DataCloneException(path.render() + ": reading the record component failed: " + ex, ex);
            }
            writeValue(component);
            path.pop();
        }
        recordsInProgress[--recordDepth] = null;
    }

    private void enter()
    {
        if (path.depth() >= MAX_DEPTH)
        {
            throw new DataCloneException(path.render() + ": the message nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private DataCloneException refused(final Object value, final String why)
    {
        return new DataCloneException(path.render() + ": " + value.getClass().getName() + " " + why);
    }

    private DataCloneException modified(final Object container, final Exception cause)
    {
        return new DataCloneException(path.render() + ": " + container.getClass().getName() +
            " was modified while being cloned", cause);
    }

    private void putTag(final byte tag)
    {
        putByte(tag);
    }

    private void putByte(final byte b)
    {
        ensure(1);
        buffer.putByte(position++, b);
    }

    private void putInt(final int v)
    {
        ensure(4);
        buffer.putInt(position, v, ORDER);
        position += 4;
    }

    private void putLong(final long v)
    {
        ensure(8);
        buffer.putLong(position, v, ORDER);
        position += 8;
    }

    private void putBytes(final byte[] bytes)
    {
        putVarint(bytes.length);
        ensure(bytes.length);
        buffer.putBytes(position, bytes);
        position += bytes.length;
    }

    private void putVarint(final int value)
    {
        ensure(varintLength(value));
        int v = value;
        while ((v & ~0x7F) != 0)
        {
            buffer.putByte(position++, (byte)((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.putByte(position++, (byte)v);
    }

    private static int varintLength(final int value)
    {
        return value >>> 7 == 0 ? 1 : value >>> 14 == 0 ? 2 : value >>> 21 == 0 ? 3 : value >>> 28 == 0 ? 4 : 5;
    }

    /**
     * Checks that {@code bytes} more fit within {@code maxMessageSize}; an expandable buffer grows on the put.
     */
    private void ensure(final long bytes)
    {
        if (position + bytes > limit)
        {
            throw new DataCloneException("the message exceeds maxMessageSize of " + maxMessageSize + " bytes");
        }
        if (position + bytes > buffer.capacity() && !buffer.isExpandable())
        {
            throw new DataCloneException("the message exceeds the buffer of " + buffer.capacity() + " bytes");
        }
    }
}
