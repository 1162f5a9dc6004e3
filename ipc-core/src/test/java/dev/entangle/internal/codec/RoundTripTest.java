package dev.entangle.internal.codec;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

    record Labelled(String label, Object value, double weight)
    {
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
        assertEquals("record class dev.entangle.internal.codec.RoundTripTest$Point is not allowed by the receiving context " +
            "(Context.Builder.allowRecord)", refused.getMessage());
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
}
