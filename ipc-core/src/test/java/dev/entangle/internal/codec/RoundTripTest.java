package dev.entangle.internal.codec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every row of the structured clone table arrives as the table says.
 */
class RoundTripTest
{
    private final Codec codec = new Codec();

    record Point(int x, int y)
    {
    }

    @Test
    void largeByteArraysArriveWholeThoughTheyAreNotZeroedFirst()
    {
        // With the library's JVM flag (the build's tests run with it), large arrays skip the zeroing before the copy.
        assertTrue(UninitializedArrays.isAvailable(), "jdk.internal.misc.Unsafe should be reachable with the flag");
        final java.util.Random random = new java.util.Random(11);
        for (final int length : new int[]{ UninitializedArrays.MIN_LENGTH - 1, UninitializedArrays.MIN_LENGTH,
            100_000, 1 << 20 })
        {
            final byte[] sent = new byte[length];
            random.nextBytes(sent);
            final List<?> got = (List<?>)codec.roundTrip(List.of(sent, sent.clone()));
            assertArrayEquals(sent, (byte[])got.get(0));
            assertArrayEquals(sent, (byte[])got.get(1));
        }
    }

    @Test
    void aByteArrayThatIsTheWholeMessageIsWrittenAsInsideAGraph()
    {
        // The whole-message byte[] skips the walk: its bytes must still be the table's, so any reader reads them.
        for (final int length : new int[]{ 0, 1, 64, 200, 70_000 })
        {
            final byte[] sent = new byte[length];
            new java.util.Random(length).nextBytes(sent);
            final byte[] expected = Wire.message().raw(CloneFormat.BYTE_ARRAY).varint(length).rawBytes(sent).bytes();
            assertArrayEquals(expected, codec.encode(sent), "a byte[" + length + "]");
            assertArrayEquals(sent, (byte[])codec.roundTrip(sent));
            final List<?> inList = (List<?>)codec.roundTrip(List.of(sent, sent));
            assertArrayEquals(sent, (byte[])inList.get(0));
            assertTrue(inList.get(0) == inList.get(1), "the same array twice in a graph stays one array");
        }
    }

    @Test
    void allButTheBytesOfAByteArrayAndThenTheBytesAreTheWholeEncoding()
    {
        // A sender that copies a large array straight from the caller's array writes this start, then the array.
        final StructuredCloneWriter writer = new StructuredCloneWriter();
        for (final int length : new int[]{ 0, 1, 127, 128, 4096, 16_384, 70_000 })
        {
            final byte[] sent = new byte[length];
            new java.util.Random(length).nextBytes(sent);
            final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(16);
            final int start = writer.encodeAllButBytes(sent, new HostDoubles.Sender(List.of()), buffer, 3, 1 << 20);
            final byte[] joined = new byte[start + length];
            buffer.getBytes(3, joined, 0, start);
            System.arraycopy(sent, 0, joined, start, length);
            assertArrayEquals(codec.encode(sent), joined, "a byte[" + length + "]");
        }
    }

    @Test
    void allButTheBytesIsRefusedWhenTheWholeMessageIsOverTheLimit()
    {
        final StructuredCloneWriter writer = new StructuredCloneWriter();
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(16);
        final HostDoubles.Sender host = new HostDoubles.Sender(List.of());
        assertEquals(5, writer.encodeAllButBytes(new byte[4995], host, buffer, 0, 5000), "exactly the limit");
        final CloneRefusedException refused = assertThrows(CloneRefusedException.class,
            () -> writer.encodeAllButBytes(new byte[4996], host, buffer, 0, 5000));
        assertEquals("the message is 5001 bytes, over maxMessageSize of 5000 bytes", refused.getMessage());
        assertThrows(CloneRefusedException.class,
            () -> writer.encodeAllButBytes(new byte[1 << 20], host, buffer, 7, 5000));
    }

    @Test
    void everyKindOfArrayKeepsItsTypeAndContents()
    {
        // Arrays are recognised before the collection interfaces; each kind must still take its own path.
        final Object[] arrays = { new int[]{ 1, -2 }, new long[]{ 3L }, new double[]{ 0.5 }, new boolean[]{ true },
            new short[]{ 7 }, new char[]{ 'x' }, new float[]{ 1.5f }, new String[]{ "a", null },
            new Object[]{ 1, "b" } };
        final List<?> got = (List<?>)codec.roundTrip(List.of(arrays));
        for (int i = 0; i < arrays.length; i++)
        {
            assertEquals(arrays[i].getClass(), got.get(i).getClass(), "array " + i);
            assertTrue(java.util.Objects.deepEquals(arrays[i], got.get(i)), "array " + i);
        }
    }

    record Labelled(String label, Object value, double weight)
    {
    }

    enum Color
    {
        RED,
        GREEN
        {
            @Override
            public String toString()
            {
                return "a constant with a body of its own, so of an anonymous subclass";
            }
        },
        BLUE
    }

    @Test
    void nullAndBoxedPrimitivesKeepTypeAndValue()
    {
        assertNull(codec.roundTrip(null));
        for (final Object value : List.of(true, false, (byte)-7, (short)-30_000, Integer.MIN_VALUE, Long.MAX_VALUE,
            1.5f, Math.PI, 'x', '\uffff', Float.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY))
        {
            final Object back = codec.roundTrip(value);
            assertEquals(value.getClass(), back.getClass());
            assertEquals(value, back);
        }
    }

    @Test
    void nanAndNegativeZeroKeepTheirBits()
    {
        final long oddNan = 0x7ff8_0000_0000_1234L;
        final Double back = (Double)codec.roundTrip(Double.longBitsToDouble(oddNan));
        assertEquals(oddNan, Double.doubleToRawLongBits(back));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double)codec.roundTrip(-0.0)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits((Float)codec.roundTrip(-0.0f)));
        assertTrue(((Float)codec.roundTrip(Float.NaN)).isNaN());
    }

    @Test
    void stringsOfAllOfUnicodeIncludingLoneSurrogates()
    {
        for (final String s : List.of("", "plain ascii", "Latin-1: déjà vu ÿ", "Greek αβγ, CJK 漢字",
            "non-BMP: \uD83D\uDE00 \uD800\uDC00", "lone high \uD800 and lone low \uDC00", "\u0000nul\u0000",
            "x".repeat(100_000), "é".repeat(70_000), "\uD83D\uDE00".repeat(40_000)))
        {
            assertEquals(s, codec.roundTrip(s));
        }
    }

    @Test
    void stringsOnEitherSideOfTheShortPathKeepTheirCharsAndTheirForm()
    {
        // Short strings are written in one pass that gives up at the first char above Latin-1: the form (one byte or
        // two per char) must be the general path's whatever the length and wherever such a char is.
        for (final int length : new int[]{ 1, 2, 255, 256, 257, 1000 })
        {
            final String latin1 = "ÿa".repeat(length).substring(0, length);
            final byte[] encoded = codec.encode(latin1);
            assertEquals(CloneFormat.STRING_LATIN1, encoded[CloneFormat.HEADER_LENGTH], "length " + length);
            assertEquals(latin1, codec.roundTrip(latin1));
            for (final int at : new int[]{ 0, length / 2, length - 1 })
            {
                final String wide = latin1.substring(0, at) + "\u0100" + latin1.substring(at + 1);
                assertEquals(CloneFormat.STRING_UTF16, codec.encode(wide)[CloneFormat.HEADER_LENGTH],
                    "length " + length + ", wide char at " + at);
                assertEquals(wide, codec.roundTrip(wide));
            }
        }
    }

    @Test
    void bigNumbersInstantsAndPatterns()
    {
        final BigInteger big = new BigInteger("-123456789012345678901234567890123456789");
        assertEquals(big, codec.roundTrip(big));
        assertEquals(BigInteger.ZERO, codec.roundTrip(BigInteger.ZERO));
        final BigDecimal scaled = new BigDecimal("1.2300");
        final BigDecimal back = (BigDecimal)codec.roundTrip(scaled);
        assertEquals(scaled, back);
        assertEquals(4, back.scale());
        assertEquals(new BigDecimal("-1E+400"), codec.roundTrip(new BigDecimal("-1E+400")));
        final Instant instant = Instant.parse("1969-07-20T20:17:40.123456789Z");
        assertEquals(instant, codec.roundTrip(instant));
        assertEquals(Instant.MAX, codec.roundTrip(Instant.MAX));
        final Pattern pattern = Pattern.compile("^a.b$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        final Pattern patternBack = (Pattern)codec.roundTrip(pattern);
        assertEquals(pattern.pattern(), patternBack.pattern());
        assertEquals(pattern.flags(), patternBack.flags());
        assertTrue(patternBack.matcher("A\nB").matches());
    }

    @Test
    void primitiveArraysOfEveryTypeArriveAsNewArrays()
    {
        final Object[] arrays = {
            new boolean[]{ true, false, true }, new byte[]{ -128, 0, 127 }, new short[]{ Short.MIN_VALUE, 1 },
            new char[]{ 'a', '\uD83D', '\uffff' }, new int[]{ Integer.MIN_VALUE, 0, Integer.MAX_VALUE },
            new long[]{ Long.MIN_VALUE, Long.MAX_VALUE }, new float[]{ Float.NaN, -0.0f, 1e-40f },
            new double[]{ Double.NaN, -0.0, 1e300 }, new byte[0], new long[100_000] };
        for (final Object array : arrays)
        {
            final Object back = codec.roundTrip(array);
            assertNotSame(array, back);
            assertEquals(array.getClass(), back.getClass());
            assertTrue(Arrays.deepEquals(new Object[]{ array }, new Object[]{ back }), array.getClass().getName());
        }
    }

    @Test
    void objectArraysListsSetsAndMapsArriveAsTheTableSays()
    {
        final Object[] objects = { 1, "two", null, new int[]{ 3 } };
        final Object[] objectsBack = (Object[])codec.roundTrip(objects);
        assertEquals(Object[].class, objectsBack.getClass());
        assertEquals(4, objectsBack.length);
        assertArrayEquals(new int[]{ 3 }, (int[])objectsBack[3]);

        final List<Object> linked = new LinkedList<>(List.of(3, 2, 1));
        assertInstanceOf(ArrayList.class, codec.roundTrip(linked));
        assertEquals(linked, codec.roundTrip(linked));
        assertEquals(List.of(), codec.roundTrip(List.of()));

        final Set<Integer> hashed = new HashSet<>(List.of(5, 3, 9, 1));
        final Object setBack = codec.roundTrip(hashed);
        assertInstanceOf(LinkedHashSet.class, setBack);
        assertEquals(new ArrayList<>(hashed), new ArrayList<>((Set<?>)setBack));

        final Map<String, Integer> sorted = new TreeMap<>(Map.of("b", 2, "a", 1, "c", 3));
        final Object mapBack = codec.roundTrip(sorted);
        assertInstanceOf(LinkedHashMap.class, mapBack);
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(((Map<?, ?>)mapBack).keySet()));
    }

    @Test
    void largeCollectionsKeepOrder()
    {
        final List<Integer> numbers = IntStream.range(0, 200_000).boxed().toList();
        assertEquals(numbers, codec.roundTrip(numbers));
        final Map<Integer, String> map = new LinkedHashMap<>();
        for (int i = 50_000; i > 0; i--)
        {
            map.put(i, "v" + i);
        }
        final Map<?, ?> back = (Map<?, ?>)codec.roundTrip(map);
        assertEquals(new ArrayList<>(map.keySet()), new ArrayList<>(back.keySet()));
        assertEquals(map, back);
    }

    @Test
    void anAllowedRecordIsRebuiltComponentByComponent()
    {
        codec.allow(Point.class).allow(Labelled.class);
        assertEquals(new Point(3, -4), codec.roundTrip(new Point(3, -4)));
        final Labelled labelled = new Labelled("nested", List.of(new Point(1, 2)), 0.5);
        assertEquals(labelled, codec.roundTrip(labelled));
    }

    @Test
    void aRecordTheReceiverDidNotAllowIsADecodeError()
    {
        final MessageDecodeException refused = assertThrows(MessageDecodeException.class,
            () -> codec.roundTrip(new Point(1, 2)));
        assertEquals("record class dev.entangle.internal.codec.RoundTripTest$Point is not allowed by the receiving " +
            "context (Context.Builder.allowRecord)", refused.getMessage());
    }

    @Test
    void portsTravelAsReferencesIntoTheTransferList()
    {
        final HostDoubles.FakePort sent = new HostDoubles.FakePort(1);
        final HostDoubles.FakePort other = new HostDoubles.FakePort(2);
        final byte[] bytes = codec.encode(Map.of("port", sent), List.of(other, sent));
        final Object arrived = new Object();
        final Map<?, ?> back = (Map<?, ?>)codec.decode(bytes, List.of("first", arrived));
        assertSame(arrived, back.get("port"));
    }

    @Test
    void anAllowedEnumConstantArrivesAsTheSameConstant()
    {
        codec.allowEnum(Color.class).allowEnum(TimeUnit.class);
        for (final Color color : Color.values())
        {
            assertSame(color, codec.roundTrip(color));
        }
        assertSame(TimeUnit.MICROSECONDS, codec.roundTrip(TimeUnit.MICROSECONDS));
        assertEquals(List.of(Color.GREEN, TimeUnit.DAYS), codec.roundTrip(List.of(Color.GREEN, TimeUnit.DAYS)));
    }

    @Test
    void anEnumTheReceiverDidNotAllowIsADecodeError()
    {
        codec.allowEnum(TimeUnit.class);
        final MessageDecodeException refused = assertThrows(MessageDecodeException.class,
            () -> codec.roundTrip(Color.GREEN));
        assertEquals("enum class dev.entangle.internal.codec.RoundTripTest$Color is not allowed by the receiving " +
            "context (Context.Builder.allowEnum)", refused.getMessage());
    }

    @Test
    void uuidsDurationsAndOptionalsArriveEqual()
    {
        for (final Object value : List.of(UUID.randomUUID(), new UUID(0, 0), new UUID(-1, Long.MIN_VALUE),
            Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
            Duration.ofSeconds(Long.MIN_VALUE), Duration.ofDays(-3).plusMillis(7), Optional.empty(),
            Optional.of("x"), Optional.of(List.of(1, 2)), Optional.of(Optional.of(3)), Optional.of(Optional.empty())))
        {
            final Object back = codec.roundTrip(value);
            assertEquals(value.getClass(), back.getClass());
            assertEquals(value, back);
        }
        codec.allow(Point.class);
        assertEquals(Optional.of(new Point(1, 2)), codec.roundTrip(Optional.of(new Point(1, 2))));
    }

    @Test
    void javaTimeValuesArriveEqualUpToTheirLimits()
    {
        final ZonedDateTime paris = ZonedDateTime.of(2024, 3, 31, 1, 59, 59, 999_999_999, ZoneId.of("Europe/Paris"));
        for (final Object value : List.of(LocalDate.MIN, LocalDate.MAX, LocalDate.of(2024, 2, 29), LocalTime.MIN,
            LocalTime.MAX, LocalTime.NOON, LocalTime.of(23, 59, 59, 1), LocalDateTime.MIN, LocalDateTime.MAX,
            LocalDateTime.of(1969, 7, 20, 20, 17, 40), OffsetDateTime.MIN, OffsetDateTime.MAX,
            OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-9, -30)), paris,
            paris.plusSeconds(1), ZonedDateTime.of(LocalDateTime.MAX, ZoneOffset.MIN),
            ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC")), Instant.MIN, Instant.EPOCH))
        {
            final Object back = codec.roundTrip(value);
            assertEquals(value.getClass(), back.getClass());
            assertEquals(value, back);
        }
    }

    @Test
    void aZonedDateTimeInAnOverlapKeepsItsOffsetAndZone()
    {
        final ZoneId paris = ZoneId.of("Europe/Paris");
        final LocalDateTime twiceThatNight = LocalDateTime.of(2023, 10, 29, 2, 30);
        for (final ZonedDateTime value : List.of(ZonedDateTime.of(twiceThatNight, paris).withEarlierOffsetAtOverlap(),
            ZonedDateTime.of(twiceThatNight, paris).withLaterOffsetAtOverlap()))
        {
            final ZonedDateTime back = (ZonedDateTime)codec.roundTrip(value);
            assertEquals(value, back);
            assertEquals(value.getOffset(), back.getOffset());
            assertEquals(paris, back.getZone());
        }
    }

    @Test
    void zoneIdsOfEitherKindArriveEqualAndOfTheSameKind()
    {
        for (final ZoneId zone : List.of(ZoneOffset.UTC, ZoneOffset.MAX, ZoneOffset.ofHoursMinutesSeconds(-3, -25, -7),
            ZoneId.of("America/St_Johns"), ZoneId.of("UTC"), ZoneId.of("GMT+2"), ZoneId.of("Z"),
            ZoneId.of("UT-01:30")))
        {
            final Object back = codec.roundTrip(zone);
            assertEquals(zone, back);
            assertEquals(zone instanceof ZoneOffset, back instanceof ZoneOffset, zone.getId());
        }
    }

    @Test
    void aThrowableArrivesAsTheHostsObjectWithClassNameMessageStackTraceAndCauses()
    {
        final IOException root = new IOException("disk on fire");
        final IllegalStateException top = new IllegalStateException("could not save", root);
        top.addSuppressed(new RuntimeException("left behind"));
        final Object back = codec.roundTrip(top);
        assertNull(HostDoubles.throwableDifference(top, back, 2));
        assertEquals(0, ((Throwable)back).getSuppressed().length, "suppressed exceptions do not travel");

        final RuntimeException noMessage = new RuntimeException();
        assertNull(HostDoubles.throwableDifference(noMessage, codec.roundTrip(noMessage), 1));
        assertNull(((Throwable)codec.roundTrip(noMessage)).getMessage());
    }

    @Test
    void stackTraceElementsPrintAsTheSendersDo()
    {
        final IndexOutOfBoundsException thrown = assertThrows(IndexOutOfBoundsException.class,
            () -> List.of().get(0));
        final StackTraceElement[] trace = thrown.getStackTrace();
        assertEquals("java.base", trace[0].getModuleName(), "the test needs a frame of a JDK module");
        assertTrue(Arrays.stream(trace).anyMatch(e -> "app".equals(e.getClassLoaderName())),
            "the test needs a frame of the application class loader");
        final Throwable back = (Throwable)((Map<?, ?>)codec.roundTrip(Map.of("error", thrown))).get("error");
        assertEquals(trace.length, back.getStackTrace().length);
        for (int i = 0; i < trace.length; i++)
        {
            assertEquals(trace[i].toString(), back.getStackTrace()[i].toString());
            assertEquals(trace[i].getModuleName(), back.getStackTrace()[i].getModuleName());
            assertEquals(trace[i].getClassName(), back.getStackTrace()[i].getClassName());
            assertEquals(trace[i].getMethodName(), back.getStackTrace()[i].getMethodName());
            assertEquals(trace[i].getFileName(), back.getStackTrace()[i].getFileName());
            assertEquals(trace[i].getLineNumber(), back.getStackTrace()[i].getLineNumber());
        }
        final StackTraceElement custom = new StackTraceElement("loader", "module", "1.0", "a.B", "m", null, -2);
        thrown.setStackTrace(new StackTraceElement[]{ custom });
        final Throwable customBack = (Throwable)codec.roundTrip(thrown);
        assertEquals(custom, customBack.getStackTrace()[0], "a constructed element arrives with all its fields");
    }

    @Test
    void aCauseCycleEndsWhereItComesBack()
    {
        final RuntimeException first = new RuntimeException("first");
        final RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        final Object back = codec.roundTrip(first);
        assertNull(HostDoubles.throwableDifference(first, back, 2));
    }

    @Test
    void aCauseChainLongerThanAHundredIsCutThere()
    {
        Throwable chain = new Error("root");
        for (int i = 1; i < 150; i++)
        {
            chain = new RuntimeException("link " + i, chain);
        }
        final Object back = codec.roundTrip(chain);
        assertNull(HostDoubles.throwableDifference(chain, back, CloneFormat.MAX_CAUSES));
        assertEquals(CloneFormat.MAX_CAUSES, codec.lastReceiver().newThrowableCalls);
    }

    @Test
    void arraysOfStringsBoxesUuidsAndTimeKeepTheirComponentType()
    {
        final Object[][] arrays = {
            { "a", null, "é\uD83D\uDE00" }, new String[]{ "a", null, "é\uD83D\uDE00" }, new String[0],
            new Integer[]{ 1, null, -1 }, new Long[]{ Long.MIN_VALUE }, new Double[]{ Double.NaN, -0.0 },
            new Float[]{ 1.5f }, new Short[]{ (short)-2 }, new Byte[]{ (byte)7 }, new Character[]{ '\uffff' },
            new Boolean[]{ true, false, null }, new UUID[]{ new UUID(1, 2) }, new Instant[]{ Instant.MAX },
            new Duration[]{ Duration.ofMillis(-5) }, new LocalDate[]{ LocalDate.MIN },
            new LocalTime[]{ LocalTime.NOON }, new LocalDateTime[]{ LocalDateTime.MAX },
            new OffsetDateTime[]{ OffsetDateTime.MIN }, new ZonedDateTime[]{ ZonedDateTime.of(LocalDateTime.MIN,
            ZoneId.of("Asia/Kolkata")) }, new ZoneId[]{ ZoneOffset.UTC, ZoneId.of("Europe/Paris") },
            new ZoneOffset[]{ ZoneOffset.MIN, ZoneOffset.ofHours(3) } };
        for (final Object[] array : arrays)
        {
            final Object back = codec.roundTrip(array);
            assertNotSame(array, back);
            assertEquals(array.getClass(), back.getClass());
            assertArrayEquals(array, (Object[])back);
        }
    }

    @Test
    void arraysOfAllowedRecordsAndEnumsKeepTheirComponentType()
    {
        codec.allow(Point.class).allowEnum(Color.class);
        final Point[] points = { new Point(1, 2), null, new Point(3, 4) };
        final Object pointsBack = codec.roundTrip(points);
        assertEquals(Point[].class, pointsBack.getClass());
        assertArrayEquals(points, (Point[])pointsBack);
        final Color[] colors = { Color.GREEN, Color.RED, null };
        final Object colorsBack = codec.roundTrip(colors);
        assertEquals(Color[].class, colorsBack.getClass());
        assertArrayEquals(colors, (Color[])colorsBack);
    }

    @Test
    void anArrayOfARecordOrEnumClassTheReceiverDidNotAllowIsADecodeErrorEvenEmpty()
    {
        final MessageDecodeException points = assertThrows(MessageDecodeException.class,
            () -> codec.roundTrip(new Point[0]));
        assertEquals("record class dev.entangle.internal.codec.RoundTripTest$Point is not allowed by the receiving " +
            "context (Context.Builder.allowRecord)", points.getMessage());
        final MessageDecodeException colors = assertThrows(MessageDecodeException.class,
            () -> codec.roundTrip(new Color[0]));
        assertEquals("enum class dev.entangle.internal.codec.RoundTripTest$Color is not allowed by the receiving " +
            "context (Context.Builder.allowEnum)", colors.getMessage());
    }

    @Test
    void otherReferenceArraysArriveAsObjectArrays()
    {
        final List<?>[] lists = { List.of(1), List.of() };
        final Object[][] arrays = { new Number[]{ 1, 2L, BigInteger.ONE }, new BigInteger[]{ BigInteger.TEN },
            lists, new String[][]{ { "a" }, { "b", "c" } }, new Comparable<?>[]{ "x", 1 }, new Optional<?>[]{
            Optional.empty() }, new Object[0] };
        for (final Object[] array : arrays)
        {
            final Object back = codec.roundTrip(array);
            assertEquals(Object[].class, back.getClass(), array.getClass().getName());
            assertTrue(Arrays.deepEquals(array, (Object[])back), array.getClass().getName());
        }
        final Object[] nested = (Object[])codec.roundTrip(new String[][]{ { "a" } });
        assertEquals(String[].class, nested[0].getClass(), "the inner arrays are typed");
    }

    @Test
    void aHostObjectNotTransferredIsCopiedAndReadBackByTheHost()
    {
        final HostDoubles.FakeBuffer sent = new HostDoubles.FakeBuffer(new byte[]{ 1, 2, 3 });
        final Map<?, ?> back = (Map<?, ?>)codec.roundTrip(Map.of("buffer", sent, "empty",
            new HostDoubles.FakeBuffer(new byte[0])));
        final HostDoubles.FakeBuffer arrived = (HostDoubles.FakeBuffer)back.get("buffer");
        assertNotSame(sent, arrived);
        assertArrayEquals(sent.bytes, arrived.bytes);
        assertEquals(0, ((HostDoubles.FakeBuffer)back.get("empty")).bytes.length);

        final HostDoubles.SharedHolder shared = new HostDoubles.SharedHolder(
            new HostDoubles.FakeShared(Long.MIN_VALUE, 42, Integer.MAX_VALUE));
        final Object sharedBack = codec.roundTrip(List.of(shared));
        assertEquals(List.of(shared), sharedBack);
        assertNotSame(shared, ((List<?>)sharedBack).get(0));
    }

    @Test
    void aTransferredHostObjectTravelsAsItsIndexAndIsNotCopied()
    {
        final HostDoubles.FakeBuffer sent = new HostDoubles.FakeBuffer(new byte[1000]);
        final byte[] bytes = codec.encode(List.of(sent, sent), List.of(new HostDoubles.FakePort(0), sent));
        assertTrue(bytes.length < 20, "the buffer's bytes are not in the message: " + bytes.length);
        final Object arrived = new Object();
        final List<?> back = (List<?>)codec.decode(bytes, List.of("port", arrived));
        assertSame(arrived, back.get(0));
        assertSame(arrived, back.get(1));
        assertEquals(0, codec.lastReceiver().readCloneCalls);
        assertFalse(sent.detached, "detaching is the API layer's business");
    }

    @Test
    void aHostWritesItsBytesIntoAnExpandableBufferAlreadyGrownForThem()
    {
        final HostDoubles.Sender sender = new HostDoubles.Sender(List.of());
        final int[] roomSeen = { -1 };
        final HostObjectWriter host = new HostObjectWriter()
        {
            public int transferIndex(final Object value)
            {
                return sender.transferIndex(value);
            }

            public boolean mustBeTransferred(final Object value)
            {
                return sender.mustBeTransferred(value);
            }

            public int cloneType(final Object value)
            {
                return sender.cloneType(value);
            }

            public int cloneLength(final Object value)
            {
                return sender.cloneLength(value);
            }

            public void cloneInto(final Object value, final org.agrona.MutableDirectBuffer buffer, final int offset)
            {
                roomSeen[0] = buffer.capacity() - offset;
                sender.cloneInto(value, buffer, offset);
            }
        };
        final org.agrona.ExpandableDirectByteBuffer buffer = new org.agrona.ExpandableDirectByteBuffer(16);
        final byte[] bytes = new byte[5000];
        bytes[4999] = 42;
        final int length = new StructuredCloneWriter().encode(new HostDoubles.FakeBuffer(bytes), host, buffer, 0,
            Codec.MAX);
        assertTrue(roomSeen[0] >= bytes.length, "room for the bytes before they are written: " + roomSeen[0]);
        final HostDoubles.FakeBuffer back = (HostDoubles.FakeBuffer)new StructuredCloneReader().decode(buffer, 0,
            length, new HostDoubles.Receiver(List.of()), ReceiverPolicy.NONE, Codec.MAX);
        assertArrayEquals(bytes, back.bytes);
    }
}
