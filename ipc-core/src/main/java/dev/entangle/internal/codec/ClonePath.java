package dev.entangle.internal.codec;

import java.util.regex.Pattern;

/**
 * Where the encoder is in the message graph, kept as a stack of primitive steps so that walking costs nothing; it
 * is rendered into text only when a value is refused, as in {@code data.items[3]}.
 *
 * <ul>
 *     <li>{@code [i]}: element i of an array, list or set (in iteration order);</li>
 *     <li>{@code .name}: a record component, or the value under a string key that is a Java identifier;</li>
 *     <li>{@code ["key"]}: the value under any other string key; {@code [42]}, {@code ['c']}, {@code [true]}: the
 *     value under a number, character or boolean key;</li>
 *     <li>{@code [#i]}: the value of map entry i under a key of another type, and {@code [#i].key} that key
 *     itself.</li>
 * </ul>
 */
final class ClonePath
{
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private static final byte INDEX = 1;
    private static final byte COMPONENT = 2;
    private static final byte MAP_VALUE = 3;
    private static final byte MAP_KEY = 4;

    private final byte[] kinds = new byte[CloneFormat.MAX_DEPTH + 1];
    private final int[] indexes = new int[CloneFormat.MAX_DEPTH + 1];
    private final Object[] labels = new Object[CloneFormat.MAX_DEPTH + 1];
    private int depth;

    int depth()
    {
        return depth;
    }

    void pushIndex(final int index)
    {
        kinds[depth] = INDEX;
        indexes[depth++] = index;
    }

    void pushComponent(final String name)
    {
        kinds[depth] = COMPONENT;
        labels[depth++] = name;
    }

    void pushMapValue(final Object key, final int entry)
    {
        kinds[depth] = MAP_VALUE;
        labels[depth] = key;
        indexes[depth++] = entry;
    }

    void pushMapKey(final int entry)
    {
        kinds[depth] = MAP_KEY;
        indexes[depth++] = entry;
    }

    /**
     * Leaves the current step; sets the index of the next sibling without another push.
     */
    void nextIndex(final int index)
    {
        indexes[depth - 1] = index;
    }

    void pop()
    {
        labels[--depth] = null;
    }

    void clear()
    {
        while (depth > 0)
        {
            pop();
        }
    }

    String render()
    {
        final StringBuilder text = new StringBuilder("data");
        for (int i = 0; i < depth; i++)
        {
            switch (kinds[i])
            {
                case INDEX -> text.append('[').append(indexes[i]).append(']');
                case COMPONENT -> text.append('.').append(labels[i]);
                case MAP_VALUE -> appendKey(text, labels[i], indexes[i]);
                case MAP_KEY -> text.append("[#").append(indexes[i]).append("].key");
                default -> throw new IllegalStateException("unknown path step " + kinds[i]);
            }
        }
        return text.toString();
    }

    private static void appendKey(final StringBuilder text, final Object key, final int entry)
    {
        if (key instanceof String s)
        {
            if (IDENTIFIER.matcher(s).matches())
            {
                text.append('.').append(s);
            }
            else
            {
                text.append("[\"").append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
            }
        }
        else if (key instanceof Number || key instanceof Boolean)
        {
            text.append('[').append(key).append(']');
        }
        else if (key instanceof Character c)
        {
            text.append("['").append(c.charValue()).append("']");
        }
        else
        {
            text.append("[#").append(entry).append(']');
        }
    }
}
