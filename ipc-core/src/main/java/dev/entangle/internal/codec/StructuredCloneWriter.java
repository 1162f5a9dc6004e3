package dev.entangle.internal.codec;

import org.agrona.MutableDirectBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.entangle.internal.codec.CloneFormat.*;

/**
 * Encodes a message graph into a buffer: the Java form of the HTML standard's StructuredSerializeWithTransfer. The
 * types it accepts are those of the structured clone tables in the API, plus the host objects a
 * {@link HostObjectWriter} knows; anything else is refused with a {@link CloneRefusedException} that names the class
 * and its path in the message. Not thread-safe: one per thread, reused, so that a warm writer encoding strings,
 * primitive arrays and maps of them allocates nothing.
 */
public final class StructuredCloneWriter
{
    private final CloneOutput out = new CloneOutput();
    private final IdentityTable ids = new IdentityTable();
    private final ClonePath path = new ClonePath();
    private final Object[] recordsInProgress = new Object[MAX_DEPTH + 1];
    private final Throwable[] causes = new Throwable[MAX_CAUSES];
    private int recordDepth;
    private HostObjectWriter host;

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
        out.start(buffer, offset, (int)Math.min(Integer.MAX_VALUE, (long)offset + maxMessageSize));
        try
        {
            return walk(message, host) - offset;
        }
        catch (final CloneOutput.TooLarge ex)
        {
            throw new CloneRefusedException(describeTooLarge(measure(message, host), maxMessageSize));
        }
    }

    /**
     * @return the position after the message.
     */
    private int walk(final Object message, final HostObjectWriter host)
    {
        this.host = host;
        try
        {
            out.putByte(MAGIC);
            out.putByte(VERSION);
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

    private void writeValue(final Object value)
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
        else if (value instanceof Object[] array)
        {
            writeReferenceArray(array);
        }
        else if (value.getClass().isArray())
        {
            writePrimitiveArray(value);
        }
        else if (value instanceof Record record)
        {
            writeRecord(record);
        }
        else if (value instanceof Optional<?> optional)
        {
            writeOptional(optional);
        }
        else if (!writeTime(value) && !writeMore(value))
        {
            writeHostObject(value);
        }
    }

    private void writeOptional(final Optional<?> optional)
    {
        out.putByte(OPTIONAL);
        // Entered even when empty, as the reader counts every Optional as a level.
        enter();
        path.pushComponent("get()");
        writeValue(optional.orElse(null));
        path.pop();
    }

    /**
     * @return whether the value was one of the {@code java.time} types and has been written.
     */
    private boolean writeTime(final Object value)
    {
        if (value instanceof LocalDate date)
        {
            out.putByte(LOCAL_DATE);
            putDate(date);
        }
        else if (value instanceof LocalDateTime dateTime)
        {
            out.putByte(LOCAL_DATE_TIME);
            putDateTime(dateTime);
        }
        else if (value instanceof OffsetDateTime dateTime)
        {
            out.putByte(OFFSET_DATE_TIME);
            putDateTime(dateTime.toLocalDateTime());
            out.putInt(dateTime.getOffset().getTotalSeconds());
        }
        else if (value instanceof ZonedDateTime dateTime)
        {
            out.putByte(ZONED_DATE_TIME);
            putDateTime(dateTime.toLocalDateTime());
            out.putInt(dateTime.getOffset().getTotalSeconds());
            out.putString(dateTime.getZone().getId());
        }
        else if (value instanceof LocalTime time)
        {
            out.putByte(LOCAL_TIME);
            out.putLong(time.toNanoOfDay());
        }
        else if (value instanceof Duration duration)
        {
            out.putByte(DURATION);
            out.putLong(duration.getSeconds());
            out.putInt(duration.getNano());
        }
        else if (value instanceof ZoneId zone)
        {
            out.putByte(ZONE_ID);
            out.putString(zone.getId());
        }
        else
        {
            return false;
        }
        return true;
    }

    /**
     * @return whether the value was an enum constant, a UUID or a Throwable and has been written.
     */
    private boolean writeMore(final Object value)
    {
        if (value instanceof Enum<?> constant)
        {
            out.putByte(ENUM);
            // A constant with a body of its own is an instance of an anonymous subclass: the enum is its declarer.
            out.putString(constant.getDeclaringClass().getName());
            out.putString(constant.name());
        }
        else if (value instanceof UUID uuid)
        {
            out.putByte(UUID_VALUE);
            out.putLong(uuid.getMostSignificantBits());
            out.putLong(uuid.getLeastSignificantBits());
        }
        else if (value instanceof Throwable throwable)
        {
            writeThrowable(throwable);
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

    private void register(final Object value, final byte tag)
    {
        ids.put(value, ids.size());
        out.putByte(tag);
    }

    /**
     * A value of none of the structured clone's own types: the API layer's to place in the transfer list, to copy,
     * or to refuse.
     */
    private void writeHostObject(final Object value)
    {
        final HostObjectWriter host = this.host;
        final int index = host.transferIndex(value);
        if (index >= 0)
        {
            out.putByte(TRANSFERRED);
            out.putVarint(index);
            return;
        }
        if (host.mustBeTransferred(value))
        {
            throw new CloneRefusedException(path.render() + ": a MessagePort in the message must also be in the " +
                "transfer list");
        }
        final int type;
        try
        {
            type = host.cloneType(value);
        }
        catch (final CloneRefusedException ex)
        {
            throw refused(value, ex.getMessage());
        }
        if (type < 0)
        {
            throw refused(value, "is not cloneable");
        }
        final int length = host.cloneLength(value);
        if (length < 0)
        {
            throw refused(value, "has a clone length of " + length + " bytes");
        }
        register(value, HOST_OBJECT);
        out.putVarint(type);
        out.putVarint(length);
        if (out.ensure(length))
        {
            final MutableDirectBuffer buffer = out.buffer();
            // An expandable buffer grows only in its own methods: grown here, the hook may write in any way.
            buffer.checkLimit(out.position() + length);
            host.cloneInto(value, buffer, out.position());
            out.advance(length);
        }
    }

    private void writePrimitiveArray(final Object array)
    {
        if (array instanceof byte[] a)
        {
            register(a, BYTE_ARRAY);
            out.putBytes(a);
        }
        else if (array instanceof int[] a)
        {
            register(a, INT_ARRAY);
            out.putInts(a);
        }
        else if (array instanceof long[] a)
        {
            register(a, LONG_ARRAY);
            out.putLongs(a);
        }
        else if (array instanceof double[] a)
        {
            register(a, DOUBLE_ARRAY);
            out.putDoubles(a);
        }
        else if (array instanceof boolean[] a)
        {
            register(a, BOOLEAN_ARRAY);
            out.putBooleans(a);
        }
        else if (array instanceof short[] a)
        {
            register(a, SHORT_ARRAY);
            out.putShorts(a);
        }
        else if (array instanceof char[] a)
        {
            register(a, CHAR_ARRAY);
            out.putChars(a);
        }
        else if (array instanceof float[] a)
        {
            register(a, FLOAT_ARRAY);
            out.putFloats(a);
        }
        else
        {
            throw refused(array, "is not cloneable");
        }
    }

    /**
     * An {@code Object[]}, or an array of a component type the receiver rebuilds as such (see
     * {@link ArrayComponents}); any other reference array travels as an {@code Object[]}.
     */
    private void writeReferenceArray(final Object[] array)
    {
        final Class<?> component = array.getClass().getComponentType();
        final byte code = component == Object.class ? 0 : ArrayComponents.code(component);
        if (code == 0)
        {
            register(array, OBJECT_ARRAY);
        }
        else
        {
            register(array, TYPED_ARRAY);
            out.putByte(code);
            if (code == ArrayComponents.RECORD || code == ArrayComponents.ENUM)
            {
                out.putString(component.getName());
            }
        }
        out.putVarint(array.length);
        enter();
        path.pushIndex(0);
        for (int i = 0; i < array.length; i++)
        {
            path.nextIndex(i);
            writeValue(array[i]);
        }
        path.pop();
    }

    private void writeCollection(final Collection<?> collection, final int size)
    {
        out.putVarint(size);
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
        out.putVarint(size);
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
        out.putString(type.getName());
        final int count = shape.componentCount();
        out.putVarint(count);
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
                throw new CloneRefusedException(path.render() + ": reading the record component failed: " + ex, ex);
            }
            writeValue(component);
            path.pop();
        }
        recordsInProgress[--recordDepth] = null;
    }

    /**
     * A throwable travels as its cause chain, outermost first, each with class name, message and stack trace.
     * Suppressed exceptions are left behind. The chain is cut after {@link CloneFormat#MAX_CAUSES} throwables, or
     * where it comes back to one already in it, so that a cause cycle ends.
     */
    private void writeThrowable(final Throwable throwable)
    {
        final Throwable[] causes = this.causes;
        int count = 0;
        try
        {
            for (Throwable t = throwable; t != null && count < MAX_CAUSES && !contains(causes, count, t);
                t = t.getCause())
            {
                causes[count++] = t;
            }
            out.putByte(THROWABLE);
            out.putVarint(count);
            for (int i = 0; i < count; i++)
            {
                final Throwable t = causes[i];
                out.putString(t.getClass().getName());
                out.putNullableString(t.getMessage());
                writeStackTrace(t.getStackTrace());
            }
        }
        finally
        {
            Arrays.fill(causes, 0, count, null);
        }
    }

    private static boolean contains(final Throwable[] causes, final int count, final Throwable candidate)
    {
        for (int i = 0; i < count; i++)
        {
            if (causes[i] == candidate)
            {
                return true;
            }
        }
        return false;
    }

    private void writeStackTrace(final StackTraceElement[] trace)
    {
        // getStackTrace() may be overridden: a null array or null elements are left out rather than failing.
        int count = 0;
        if (trace != null)
        {
            for (final StackTraceElement element : trace)
            {
                count += element == null ? 0 : 1;
            }
        }
        out.putVarint(count);
        for (int i = 0; count > 0 && i < trace.length; i++)
        {
            final StackTraceElement element = trace[i];
            if (element != null)
            {
                final StackTraceElement printable = asPrinted(element);
                out.putNullableString(printable.getClassLoaderName());
                out.putNullableString(printable.getModuleName());
                out.putNullableString(printable.getModuleVersion());
                out.putString(printable.getClassName());
                out.putString(printable.getMethodName());
                out.putNullableString(printable.getFileName());
                out.putInt(printable.getLineNumber());
            }
        }
    }

    /**
     * The element with only the class loader name and module version that its {@code toString()} shows. The JVM
     * leaves out the names of built-in class loaders and the versions of JDK modules when it prints a frame, which a
     * constructed element cannot do; sending only what is printed makes the receiver's trace read as the sender's.
     */
    private static StackTraceElement asPrinted(final StackTraceElement element)
    {
        final String printed = element.toString();
        final String loader = element.getClassLoaderName();
        final String version = element.getModuleVersion();
        for (int drop = 0; drop < 4; drop++)
        {
            final StackTraceElement candidate = new StackTraceElement((drop & 1) == 0 ? loader : null,
                element.getModuleName(), (drop & 2) == 0 ? version : null, element.getClassName(),
                element.getMethodName(), element.getFileName(), element.getLineNumber());
            if (candidate.toString().equals(printed))
            {
                return candidate;
            }
        }
        return element;
    }

    private void enter()
    {
        if (path.depth() >= MAX_DEPTH)
        {
            throw new CloneRefusedException(path.render() + ": the message nests deeper than " + MAX_DEPTH +
                " levels");
        }
    }

    private CloneRefusedException refused(final Object value, final String why)
    {
        return new CloneRefusedException(path.render() + ": " + value.getClass().getName() + " " + why);
    }

    private CloneRefusedException modified(final Object container, final Exception cause)
    {
        return new CloneRefusedException(path.render() + ": " + container.getClass().getName() +
            " was modified while being cloned", cause);
    }

    private void putDate(final LocalDate date)
    {
        out.putInt(date.getYear());
        out.putByte((byte)date.getMonthValue());
        out.putByte((byte)date.getDayOfMonth());
    }

    private void putDateTime(final LocalDateTime dateTime)
    {
        putDate(dateTime.toLocalDate());
        out.putLong(dateTime.toLocalTime().toNanoOfDay());
    }
}
