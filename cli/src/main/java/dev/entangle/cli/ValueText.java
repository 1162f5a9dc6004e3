package dev.entangle.cli;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A decoded message as one line of text, close to how it would be written in Java: strings quoted and escaped,
 * numbers with the suffix of their type ({@code 42L}, {@code 1.5f}), lists in brackets, maps and records in braces,
 * transferred ports as {@code <port channel/side>}. Long strings and large containers are cut, and the whole line
 * is bounded; a container met again inside itself is written {@code <cycle>}.
 */
final class ValueText
{
    /** A port that travelled in the message, by channel and side. */
    record PortReference(String channel, String side)
    {
        @Override
        public String toString()
        {
            return "<port " + channel + "/" + side + ">";
        }
    }

    /** An array buffer that travelled beside the message. */
    record BufferReference(String id, long size)
    {
        @Override
        public String toString()
        {
            return "<ArrayBuffer " + id + ", " + size + " bytes>";
        }
    }

    /** A host object copied into the message (an array buffer's bytes, a shared buffer's handle). */
    record HostObject(int type, int length)
    {
        @Override
        public String toString()
        {
            return "<host object of type " + type + ", " + length + " bytes>";
        }
    }

    /** An exception carried in the message, as the receiver would get it (a RemoteException). */
    record ThrowableText(String className, String message, Object cause)
    {
        @Override
        public String toString()
        {
            return "<" + className + (message == null ? "" : ": " + message) +
                (cause == null ? "" : ", caused by " + cause) + ">";
        }
    }

    private static final int MAX_STRING = 200;
    private static final int MAX_ELEMENTS = 32;
    private static final int MAX_DEPTH = 16;

    private final StringBuilder out = new StringBuilder();
    private final IdentityHashMap<Object, Boolean> enclosing = new IdentityHashMap<>();
    private final int maxChars;

    private ValueText(final int maxChars)
    {
        this.maxChars = maxChars;
    }

    /**
     * @param value    a decoded message.
     * @param maxChars the longest line to return; what is beyond is cut and marked.
     * @return it as text.
     */
    static String render(final Object value, final int maxChars)
    {
        final ValueText text = new ValueText(maxChars);
        text.write(value, 0);
        if (text.out.length() > maxChars)
        {
            return text.out.substring(0, maxChars) + "…";
        }
        return text.out.toString();
    }

    private void write(final Object value, final int depth)
    {
        if (out.length() > maxChars)
        {
            return;
        }
        if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof PortReference ||
            value instanceof BufferReference || value instanceof HostObject || value instanceof ThrowableText)
        {
            out.append(value);
        }
        else if (value instanceof String string)
        {
            string(string);
        }
        else if (value instanceof Number || value instanceof Character || value instanceof Instant ||
            value instanceof Pattern)
        {
            scalar(value);
        }
        else if (depth >= MAX_DEPTH)
        {
            out.append("…");
        }
        else if (enclosing.containsKey(value))
        {
            out.append("<cycle>");
        }
        else
        {
            enclosing.put(value, Boolean.TRUE);
            container(value, depth);
            enclosing.remove(value);
        }
    }

    private void scalar(final Object value)
    {
        if (value instanceof Long)
        {
            out.append(value).append('L');
        }
        else if (value instanceof Float)
        {
            out.append(value).append('f');
        }
        else if (value instanceof Double)
        {
            out.append(value);
        }
        else if (value instanceof Short)
        {
            out.append("(short)").append(value);
        }
        else if (value instanceof Byte)
        {
            out.append("(byte)").append(value);
        }
        else if (value instanceof Character c)
        {
            out.append('\'');
            escape(String.valueOf(c));
            out.append('\'');
        }
        else if (value instanceof BigInteger || value instanceof BigDecimal)
        {
            out.append(value.getClass().getSimpleName()).append('(').append(value).append(')');
        }
        else if (value instanceof Pattern pattern)
        {
            out.append("Pattern(");
            string(pattern.pattern());
            out.append(pattern.flags() == 0 ? ")" : ", flags " + pattern.flags() + ")");
        }
        else
        {
            out.append("Instant(").append(value).append(')');
        }
    }

    private void container(final Object value, final int depth)
    {
        if (value instanceof byte[] bytes)
        {
            bytes(bytes);
        }
        else if (value.getClass().isArray() && value.getClass().getComponentType().isPrimitive())
        {
            primitives(value);
        }
        else if (value instanceof Object[] array)
        {
            elements("Object[" + array.length + "] [", array.length, "]", depth, i -> array[i]);
        }
        else if (value instanceof List<?> list)
        {
            elements("[", list.size(), "]", depth, list::get);
        }
        else if (value instanceof Set<?> set)
        {
            final Object[] members = set.toArray();
            elements("Set{", members.length, "}", depth, i -> members[i]);
        }
        else if (value instanceof Map<?, ?> map)
        {
            map(map, depth);
        }
        else if (value instanceof Record record)
        {
            record(record, depth);
        }
        else if (value instanceof Collection<?> collection)
        {
            final Object[] members = collection.toArray();
            elements("[", members.length, "]", depth, i -> members[i]);
        }
        else
        {
            out.append('<').append(value.getClass().getName()).append('>');
        }
    }

    private void bytes(final byte[] bytes)
    {
        out.append("byte[").append(bytes.length).append("] 0x");
        final int shown = Math.min(bytes.length, MAX_ELEMENTS);
        for (int i = 0; i < shown; i++)
        {
            out.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        if (bytes.length > shown)
        {
            out.append("…");
        }
    }

    private void primitives(final Object array)
    {
        final int length = Array.getLength(array);
        out.append(array.getClass().getComponentType().getName()).append('[').append(length).append("] [");
        final int shown = Math.min(length, MAX_ELEMENTS);
        for (int i = 0; i < shown; i++)
        {
            out.append(i > 0 ? ", " : "");
            final Object element = Array.get(array, i);
            if (element instanceof Character c)
            {
                out.append('\'');
                escape(String.valueOf(c));
                out.append('\'');
            }
            else
            {
                out.append(element);
            }
        }
        out.append(length > shown ? ", … " + (length - shown) + " more]" : "]");
    }

    private interface Element
    {
        Object at(int index);
    }

    private void elements(final String open, final int count, final String close, final int depth,
        final Element element)
    {
        out.append(open);
        final int shown = Math.min(count, MAX_ELEMENTS);
        for (int i = 0; i < shown && out.length() <= maxChars; i++)
        {
            if (i > 0)
            {
                out.append(", ");
            }
            write(element.at(i), depth + 1);
        }
        if (count > shown)
        {
            out.append(", … ").append(count - shown).append(" more");
        }
        out.append(close);
    }

    private void map(final Map<?, ?> map, final int depth)
    {
        out.append('{');
        int i = 0;
        for (final Map.Entry<?, ?> entry : map.entrySet())
        {
            if (i == MAX_ELEMENTS || out.length() > maxChars)
            {
                out.append(", … ").append(map.size() - i).append(" more");
                break;
            }
            if (i++ > 0)
            {
                out.append(", ");
            }
            write(entry.getKey(), depth + 1);
            out.append(": ");
            write(entry.getValue(), depth + 1);
        }
        out.append('}');
    }

    private void record(final Record record, final int depth)
    {
        out.append(record.getClass().getSimpleName()).append('{');
        final RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++)
        {
            if (i > 0)
            {
                out.append(", ");
            }
            out.append(components[i].getName()).append(": ");
            try
            {
                final var accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                write(accessor.invoke(record), depth + 1);
            }
            catch (final ReflectiveOperationException | RuntimeException ex)
            {
                out.append("<not readable>");
            }
        }
        out.append('}');
    }

    private void string(final String value)
    {
        out.append('"');
        if (value.length() > MAX_STRING)
        {
            escape(value.substring(0, MAX_STRING));
            out.append("\"… (").append(value.length()).append(" chars)");
            return;
        }
        escape(value);
        out.append('"');
    }

    private void escape(final String value)
    {
        final String quoted = Json.quoted(value);
        out.append(quoted, 1, quoted.length() - 1);
    }
}
