package dev.entangle.internal.codec;

import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Random message graphs, with shared references and cycles, and the comparison that says whether a decoded graph
 * has the same structure and the same sharing as the one sent.
 */
final class RandomGraphs
{
    record Node(String name, Object payload, List<Object> children)
    {
    }

    private final Random random;
    private final List<Object> shareable = new ArrayList<>();
    /** Containers still being filled: a record's components must not close a cycle through one of them. */
    private final Set<Object> unfinished = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private int recordDepth;
    private int budget;

    RandomGraphs(final long seed)
    {
        this.random = new Random(seed);
    }

    Object next()
    {
        shareable.clear();
        unfinished.clear();
        recordDepth = 0;
        budget = 5 + random.nextInt(60);
        return value(0);
    }

    private Object value(final int depth)
    {
        if (budget-- <= 0 || depth > 6 || random.nextInt(10) < 4)
        {
            return leaf();
        }
        if (!shareable.isEmpty() && random.nextInt(6) == 0)
        {
            final Object picked = shareable.get(random.nextInt(shareable.size()));
            // Inside a record, an unfinished container would make a cycle that enters through the record when the
            // graph is walked from its root: the sender refuses those, as the codec's contract says.
            if (recordDepth == 0 || !unfinished.contains(picked))
            {
                return picked;
            }
        }
        switch (random.nextInt(6))
        {
            case 0:
            {
                final List<Object> list = new ArrayList<>();
                start(list);
                for (int i = random.nextInt(6); i > 0; i--)
                {
                    list.add(value(depth + 1));
                }
                unfinished.remove(list);
                return list;
            }
            case 1:
            {
                final Map<Object, Object> map = new LinkedHashMap<>();
                start(map);
                for (int i = random.nextInt(6); i > 0; i--)
                {
                    map.put(random.nextBoolean() ? "k" + i : (Object)i, value(depth + 1));
                }
                unfinished.remove(map);
                return map;
            }
            case 2:
            {
                final Set<Object> set = new LinkedHashSet<>();
                for (int i = random.nextInt(6); i > 0; i--)
                {
                    set.add(random.nextBoolean() ? "s" + random.nextInt(1000) : random.nextLong());
                }
                shareable.add(set);
                return set;
            }
            case 3:
            {
                final Object[] array = new Object[random.nextInt(5)];
                start(array);
                for (int i = 0; i < array.length; i++)
                {
                    array[i] = value(depth + 1);
                }
                unfinished.remove(array);
                return array;
            }
            case 4:
            {
                final Object array = primitiveArray();
                shareable.add(array);
                return array;
            }
            default:
            {
                recordDepth++;
                final List<Object> children = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--)
                {
                    children.add(value(depth + 1));
                }
                final Node node = new Node("n" + random.nextInt(100), value(depth + 1), children);
                recordDepth--;
                // Only a finished record is shared: one reached from its own components cannot be rebuilt.
                shareable.add(node);
                return node;
            }
        }
    }

    private void start(final Object container)
    {
        shareable.add(container);
        unfinished.add(container);
    }

    private Object leaf()
    {
        return switch (random.nextInt(12))
        {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> random.nextDouble() * 1e6;
            case 5 -> (byte)random.nextInt();
            case 6 -> (char)random.nextInt(0x10000);
            case 7 -> new BigInteger(70, random);
            case 8 -> randomString();
            case 9 -> (float)random.nextGaussian();
            case 10 -> (short)random.nextInt();
            default -> "s" + random.nextInt(100);
        };
    }

    private String randomString()
    {
        final char[] chars = new char[random.nextInt(20)];
        for (int i = 0; i < chars.length; i++)
        {
            chars[i] = random.nextInt(4) == 0 ? (char)random.nextInt(0x10000) : (char)('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private Object primitiveArray()
    {
        final int length = random.nextInt(8);
        return switch (random.nextInt(4))
        {
            case 0 -> random.ints(length).toArray();
            case 1 -> random.longs(length).toArray();
            case 2 -> random.doubles(length).toArray();
            default ->
            {
                final byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
    }

    /**
     * @return null when the two graphs have the same structure and sharing, else where they differ.
     */
    static String difference(final Object sent, final Object received)
    {
        return new Comparison().compare(sent, received, "data");
    }

    private static final class Comparison
    {
        private final Map<Object, Object> sentToReceived = new IdentityHashMap<>();
        private final Map<Object, Object> receivedToSent = new IdentityHashMap<>();

        String compare(final Object sent, final Object received, final String path)
        {
            if (sent == null || received == null)
            {
                return sent == received ? null : path + ": " + sent + " became " + received;
            }
            if (!hasIdentity(sent))
            {
                return sent.getClass() == received.getClass() && Objects.equals(sent, received) ? null :
                    path + ": " + sent + " (" + sent.getClass() + ") became " + received + " (" + received.getClass() +
                    ")";
            }
            final Object mapped = sentToReceived.get(sent);
            if (mapped != null)
            {
                return mapped == received ? null : path + ": a shared object arrived as two objects";
            }
            if (receivedToSent.containsKey(received))
            {
                return path + ": two objects arrived as one";
            }
            sentToReceived.put(sent, received);
            receivedToSent.put(received, sent);
            return compareContents(sent, received, path);
        }

        private String compareContents(final Object sent, final Object received, final String path)
        {
            if (sent.getClass().isArray() && sent.getClass().getComponentType().isPrimitive())
            {
                return sent.getClass() == received.getClass() &&
                    Arrays.deepEquals(new Object[]{ sent }, new Object[]{ received }) ? null : path + ": array differs";
            }
            if (sent instanceof Object[] a)
            {
                return received instanceof Object[] b ? compareSequence(Arrays.asList(a), Arrays.asList(b), path) :
                    path + ": not an array";
            }
            if (sent instanceof List<?> a)
            {
                return received instanceof ArrayList<?> b ? compareSequence(a, b, path) : path + ": not an ArrayList";
            }
            if (sent instanceof Set<?> a)
            {
                return received instanceof LinkedHashSet<?> b ? compareSequence(new ArrayList<>(a),
                    new ArrayList<>(b), path) : path + ": not a LinkedHashSet";
            }
            if (sent instanceof Map<?, ?> a)
            {
                if (!(received instanceof LinkedHashMap<?, ?> b) || a.size() != b.size())
                {
                    return path + ": not an equal LinkedHashMap";
                }
                final Iterator<? extends Map.Entry<?, ?>> left = a.entrySet().iterator();
                final Iterator<? extends Map.Entry<?, ?>> right = b.entrySet().iterator();
                while (left.hasNext())
                {
                    final Map.Entry<?, ?> l = left.next();
                    final Map.Entry<?, ?> r = right.next();
                    final String key = compare(l.getKey(), r.getKey(), path + ".key");
                    final String value = key != null ? key : compare(l.getValue(), r.getValue(), path + "." + l.getKey());
                    if (value != null)
                    {
                        return value;
                    }
                }
                return null;
            }
            if (sent instanceof Record)
            {
                if (sent.getClass() != received.getClass())
                {
                    return path + ": record class differs";
                }
                for (final RecordComponent component : sent.getClass().getRecordComponents())
                {
                    try
                    {
                        final String d = compare(component.getAccessor().invoke(sent),
                            component.getAccessor().invoke(received), path + "." + component.getName());
                        if (d != null)
                        {
                            return d;
                        }
                    }
                    catch (final ReflectiveOperationException ex)
                    {
                        return path + ": " + ex;
                    }
                }
                return null;
            }
            return path + ": unexpected " + sent.getClass();
        }

        private String compareSequence(final List<?> sent, final List<?> received, final String path)
        {
            if (sent.size() != received.size())
            {
                return path + ": " + sent.size() + " elements became " + received.size();
            }
            for (int i = 0; i < sent.size(); i++)
            {
                final String d = compare(sent.get(i), received.get(i), path + "[" + i + "]");
                if (d != null)
                {
                    return d;
                }
            }
            return null;
        }

        private static boolean hasIdentity(final Object value)
        {
            return value instanceof List || value instanceof Set || value instanceof Map || value instanceof Record ||
                value.getClass().isArray();
        }
    }
}
