package dev.entangle.internal.codec;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
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
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Random message graphs, with shared references and cycles, of every cloneable type the codec knows (host objects
 * of {@link HostDoubles} included), and the comparison that says whether a decoded graph has the same structure and
 * the same sharing as the one sent.
 */
final class RandomGraphs
{
    record Node(String name, Object payload, List<Object> children)
    {
    }

    enum Suit
    {
        CLUBS,
        DIAMONDS
        {
            @Override
            public String toString()
            {
                return "a constant of an anonymous subclass";
            }
        },
        HEARTS,
        SPADES
    }

    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 45),
        ZoneId.of("Europe/Paris"), ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("UTC"));

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
        switch (random.nextInt(9))
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
            case 5:
            {
                final Object[] array = typedArray(depth);
                shareable.add(array);
                return array;
            }
            case 6:
                return Optional.ofNullable(value(depth + 1));
            case 7:
            {
                final byte[] bytes = new byte[random.nextInt(10)];
                random.nextBytes(bytes);
                final HostDoubles.FakeBuffer buffer = new HostDoubles.FakeBuffer(bytes);
                shareable.add(buffer);
                return buffer;
            }
            default:
                return node(depth);
        }
    }

    private Node node(final int depth)
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

    /**
     * An array that arrives with its component type, or (a {@code Number[]}) one that arrives as {@code Object[]}.
     */
    private Object[] typedArray(final int depth)
    {
        final int length = random.nextInt(5);
        final Object[] array = switch (random.nextInt(8))
        {
            case 0 -> new String[length];
            case 1 -> new Integer[length];
            case 2 -> new LocalDate[length];
            case 3 -> new UUID[length];
            case 4 -> new Suit[length];
            case 5 -> new Node[length];
            case 6 -> new ZoneId[length];
            default -> new Number[length];
        };
        for (int i = 0; i < length; i++)
        {
            array[i] = random.nextInt(8) == 0 ? null : switch (array.getClass().getComponentType().getSimpleName())
            {
                case "String" -> randomString();
                case "Integer" -> random.nextInt();
                case "LocalDate" -> LocalDate.ofEpochDay(random.nextInt(1_000_000) - 500_000);
                case "UUID" -> new UUID(random.nextLong(), random.nextLong());
                case "Suit" -> Suit.values()[random.nextInt(Suit.values().length)];
                case "Node" -> sharedNodeOr(depth);
                case "ZoneId" -> ZONES.get(random.nextInt(ZONES.size()));
                default -> random.nextBoolean() ? (Number)random.nextLong() : new BigInteger(40, random);
            };
        }
        return array;
    }

    private Node sharedNodeOr(final int depth)
    {
        if (random.nextInt(3) == 0)
        {
            for (final Object candidate : shareable)
            {
                if (candidate instanceof Node node)
                {
                    return node;
                }
            }
        }
        return node(depth + 1);
    }

    private void start(final Object container)
    {
        shareable.add(container);
        unfinished.add(container);
    }

    private Object leaf()
    {
        return random.nextInt(3) == 0 ? newLeaf() : switch (random.nextInt(12))
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

    /**
     * Values of the types added after the first: enum constants, UUIDs, java.time values, throwables.
     */
    private Object newLeaf()
    {
        final ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        final Instant instant =
            Instant.ofEpochSecond(random.nextLong() % 10_000_000_000L, random.nextInt(1_000_000_000));
        return switch (random.nextInt(12))
        {
            case 0 -> Suit.values()[random.nextInt(Suit.values().length)];
            case 1 -> new UUID(random.nextLong(), random.nextLong());
            case 2 -> Duration.ofSeconds(random.nextLong(), random.nextInt(1_000_000_000));
            case 3 -> LocalDate.ofInstant(instant, zone);
            case 4 -> LocalTime.ofNanoOfDay(Math.floorMod(random.nextLong(), 86_400_000_000_000L));
            case 5 -> LocalDateTime.ofInstant(instant, zone);
            case 6 -> OffsetDateTime.ofInstant(instant, zone);
            case 7 -> ZonedDateTime.ofInstant(instant, zone);
            case 8 -> zone;
            case 9 -> instant;
            case 10 -> Optional.empty();
            default -> throwable();
        };
    }

    private Throwable throwable()
    {
        final Throwable cause = random.nextBoolean() ? null : new IOException(random.nextBoolean() ? null : "cause");
        final Throwable throwable = new IllegalStateException("failure " + random.nextInt(100), cause);
        for (Throwable t = throwable; t != null; t = t.getCause())
        {
            final StackTraceElement[] trace = new StackTraceElement[random.nextInt(3)];
            for (int i = 0; i < trace.length; i++)
            {
                trace[i] = new StackTraceElement("a.B" + random.nextInt(10), "m", random.nextBoolean() ? null :
                    "B.java", random.nextInt(1000) - 2);
            }
            t.setStackTrace(trace);
        }
        return throwable;
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
            if (sent instanceof Optional<?> a)
            {
                return received instanceof Optional<?> b && a.isPresent() == b.isPresent() ?
                    compare(a.orElse(null), b.orElse(null), path + ".get()") :
                    path + ": " + sent + " became " + received;
            }
            if (sent instanceof Throwable throwable)
            {
                final String difference = HostDoubles.throwableDifference(throwable, received, chainLength(throwable));
                return difference == null ? null : path + ": " + difference;
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
                final Class<?> expected = a.getClass() == Number[].class ? Object[].class : a.getClass();
                return received.getClass() == expected ? compareSequence(Arrays.asList(a),
                    Arrays.asList((Object[])received), path) : path + ": " + received.getClass() + " for " + expected;
            }
            if (sent instanceof HostDoubles.FakeBuffer a)
            {
                return received instanceof HostDoubles.FakeBuffer b && Arrays.equals(a.bytes, b.bytes) ? null :
                    path + ": buffer differs";
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
                    final String value =
                        key != null ? key : compare(l.getValue(), r.getValue(), path + "." + l.getKey());
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
                value.getClass().isArray() || value instanceof HostDoubles.FakeBuffer;
        }

        private static int chainLength(final Throwable throwable)
        {
            int length = 0;
            for (Throwable t = throwable; t != null && length < CloneFormat.MAX_CAUSES; t = t.getCause())
            {
                length++;
            }
            return length;
        }
    }
}
