package dev.entangle.internal.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;

import static dev.entangle.internal.codec.CloneFormat.OPTIONAL;

/**
 * Lists, sets, maps and optionals, both ways: a count, then the contents, each a value written and read by the
 * walkers. A list, set or map is numbered for back-references by the writer's {@code register} and the reader's
 * {@code remember} before its contents, so that a cycle through it resolves; an optional has no identity.
 *
 * <p>Each method here is one of the two or three stack frames that a level of nesting costs, and counts that
 * level with the walker's {@code enter}. The writer notices a container modified while it is being cloned (by
 * another thread, or by a record accessor) and refuses it; the reader never lets a count read from the bytes size
 * an allocation alone.
 */
final class Containers
{
    /** Collections grow from at most this capacity, so a count in the bytes never sizes an allocation alone. */
    private static final int MAX_INITIAL_CAPACITY = 1024;

    private Containers()
    {
    }

    static void writeOptional(final StructuredCloneWriter writer, final Optional<?> optional)
    {
        writer.out.putByte(OPTIONAL);
        // Entered even when empty, as the reader counts every Optional as a level.
        writer.enter();
        writer.path.pushComponent("get()");
        writer.writeValue(optional.orElse(null));
        writer.path.pop();
    }

    /**
     * The elements of a list or set whose tag has been written, in iteration order.
     */
    static void writeCollection(final StructuredCloneWriter writer, final Collection<?> collection, final int size)
    {
        final ClonePath path = writer.path;
        writer.out.putVarint(size);
        writer.enter();
        path.pushIndex(0);
        int written = 0;
        try
        {
            if (collection instanceof List<?> list && collection instanceof RandomAccess)
            {
                for (; written < size; written++)
                {
                    path.nextIndex(written);
                    writer.writeValue(list.get(written));
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
                    writer.writeValue(element);
                }
            }
        }
        catch (final ConcurrentModificationException | IndexOutOfBoundsException ex)
        {
            throw writer.modified(collection, ex);
        }
        if (written != size)
        {
            throw writer.modified(collection, null);
        }
        path.pop();
    }

    /**
     * The entries of a map whose tag has been written, each key then its value.
     */
    static void writeMap(final StructuredCloneWriter writer, final Map<?, ?> map)
    {
        final ClonePath path = writer.path;
        final int size = map.size();
        writer.out.putVarint(size);
        writer.enter();
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
                writer.writeValue(key);
                path.pop();
                path.pushMapValue(key, entry);
                writer.writeValue(e.getValue());
                path.pop();
                entry++;
            }
        }
        catch (final ConcurrentModificationException ex)
        {
            throw writer.modified(map, ex);
        }
        if (entry != size)
        {
            throw writer.modified(map, null);
        }
    }

    static Optional<Object> readOptional(final StructuredCloneReader reader)
    {
        reader.enter();
        final Optional<Object> optional = Optional.ofNullable(reader.readValue());
        reader.leave();
        return optional;
    }

    static List<Object> readList(final StructuredCloneReader reader)
    {
        final int size = reader.in.readCount("list");
        final List<Object> list = new ArrayList<>(Math.min(size, MAX_INITIAL_CAPACITY));
        reader.remember(list);
        reader.enter();
        for (int i = 0; i < size; i++)
        {
            list.add(reader.readValue());
        }
        reader.leave();
        return list;
    }

    static Set<Object> readSet(final StructuredCloneReader reader)
    {
        final int size = reader.in.readCount("set");
        final Set<Object> set = new LinkedHashSet<>(Math.min(size, MAX_INITIAL_CAPACITY) * 4 / 3 + 1);
        reader.remember(set);
        reader.enter();
        for (int i = 0; i < size; i++)
        {
            set.add(reader.readValue());
        }
        reader.leave();
        return set;
    }

    static Map<Object, Object> readMap(final StructuredCloneReader reader)
    {
        final CloneInput in = reader.in;
        final int size = in.readCount("map");
        if (size > in.remaining() / 2)
        {
            throw new MessageDecodeException("map of " + size + " entries cannot fit in the " + in.remaining() +
                " bytes left");
        }
        final Map<Object, Object> map = new LinkedHashMap<>(Math.min(size, MAX_INITIAL_CAPACITY) * 4 / 3 + 1);
        reader.remember(map);
        reader.enter();
        for (int i = 0; i < size; i++)
        {
            final Object key = reader.readValue();
            map.put(key, reader.readValue());
        }
        reader.leave();
        return map;
    }
}
