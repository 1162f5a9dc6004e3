package dev.entangle.internal.codec;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An object reached twice arrives as one object reached twice, and cycles survive.
 */
class IdentityAndCycleTest
{
    private final Codec codec = new Codec();

    record Holder(Map<String, Object> map)
    {
    }

    record Pair(Object left, Object right)
    {
    }

    @Test
    void sharedReferencesStayShared()
    {
        final List<Integer> shared = new ArrayList<>(List.of(1, 2));
        final int[] numbers = { 7 };
        final List<?> back = (List<?>)codec.roundTrip(List.of(shared, shared, numbers, numbers, List.of(shared)));
        assertSame(back.get(0), back.get(1));
        assertNotSame(shared, back.get(0));
        assertSame(back.get(2), back.get(3));
        assertSame(back.get(0), ((List<?>)back.get(4)).get(0));
    }

    @Test
    void aListThatHoldsItselfArrivesHoldingItself()
    {
        final List<Object> list = new ArrayList<>();
        list.add("head");
        list.add(list);
        final List<?> back = (List<?>)codec.roundTrip(list);
        assertSame(back, back.get(1));
        assertEquals("head", back.get(0));
    }

    @Test
    void anArrayAndAMapThatHoldThemselves()
    {
        final Object[] array = new Object[2];
        array[0] = array;
        final Object[] arrayBack = (Object[])codec.roundTrip(array);
        assertSame(arrayBack, arrayBack[0]);

        final Map<String, Object> map = new HashMap<>();
        map.put("self", map);
        final Map<?, ?> mapBack = (Map<?, ?>)codec.roundTrip(map);
        assertSame(mapBack, mapBack.get("self"));
    }

    @Test
    void aMapThatHoldsItselfThroughARecord()
    {
        codec.allow(Holder.class);
        final Map<String, Object> map = new HashMap<>();
        map.put("holder", new Holder(map));
        final Map<?, ?> back = (Map<?, ?>)codec.roundTrip(map);
        assertSame(back, ((Holder)back.get("holder")).map());
    }

    @Test
    void aRecordSharedByTwoPlacesIsRebuiltOnce()
    {
        codec.allow(Pair.class);
        final Pair leaf = new Pair("a", "b");
        final Pair root = new Pair(leaf, leaf);
        final Pair back = (Pair)codec.roundTrip(root);
        assertSame(back.left(), back.right());
        assertEquals(leaf, back.left());
    }

    @Test
    void aRecordReachedAgainFromItsOwnComponentsIsRefusedAtTheSender()
    {
        codec.allow(Pair.class);
        final List<Object> list = new ArrayList<>();
        final Pair pair = new Pair(list, null);
        list.add(pair);
        final var refused = assertThrows(CloneRefusedException.class, () -> codec.encode(pair));
        assertEquals("data.left[0]: dev.entangle.internal.codec.IdentityAndCycleTest$Pair is reached again from its " +
            "own components; such a cycle cannot be rebuilt (let it pass through a list, set, map or array)",
            refused.getMessage());
        // Entered through the list instead, the same graph is fine: the record closes over a finished list.
        final List<?> back = (List<?>)codec.roundTrip(list);
        assertSame(back, ((Pair)back.get(0)).left());
    }

    @Test
    void equalButDistinctObjectsStayDistinct()
    {
        final List<?> back = (List<?>)codec.roundTrip(List.of(new ArrayList<>(List.of(1)),
            new ArrayList<>(List.of(1))));
        assertEquals(back.get(0), back.get(1));
        assertNotSame(back.get(0), back.get(1));
        assertTrue(back.get(0) instanceof ArrayList);
    }

    @Test
    void typedArraysReachedTwiceArriveAsOneArray()
    {
        codec.allow(Pair.class);
        final String[] names = { "a", "b" };
        final LocalDate[] dates = { LocalDate.EPOCH };
        final Pair[] pairs = { new Pair(1, 2) };
        final List<?> back = (List<?>)codec.roundTrip(List.of(names, dates, pairs, names, dates, pairs));
        for (int i = 0; i < 3; i++)
        {
            assertSame(back.get(i), back.get(i + 3));
        }
        assertEquals(String[].class, back.get(0).getClass());
        assertEquals(LocalDate[].class, back.get(1).getClass());
        assertEquals(Pair[].class, back.get(2).getClass());
    }

    @Test
    void aRecordInATypedArrayTwiceIsRebuiltOnce()
    {
        codec.allow(Pair.class);
        final Pair pair = new Pair("x", null);
        final Pair[] back = (Pair[])codec.roundTrip(new Pair[]{ pair, pair, new Pair("x", null) });
        assertSame(back[0], back[1]);
        assertNotSame(back[0], back[2]);
        assertEquals(back[0], back[2]);
    }

    @Test
    void aTypedArrayThatHoldsARecordThatHoldsTheArray()
    {
        codec.allow(Pair.class);
        final Pair[] array = new Pair[2];
        array[0] = new Pair(array, "left");
        array[1] = array[0];
        final Pair[] back = (Pair[])codec.roundTrip(array);
        assertSame(back, back[0].left());
        assertSame(back[0], back[1]);
    }

    @Test
    void aListThatHoldsItselfThroughAnOptional()
    {
        final List<Object> list = new ArrayList<>();
        list.add(Optional.of(list));
        final List<?> back = (List<?>)codec.roundTrip(list);
        assertSame(back, ((Optional<?>)back.get(0)).orElseThrow());
    }

    @Test
    void aHostObjectReachedTwiceIsReadOnceAndArrivesAsOneObject()
    {
        final HostDoubles.FakeBuffer buffer = new HostDoubles.FakeBuffer(new byte[]{ 9 });
        final Map<String, Object> map = new HashMap<>();
        map.put("first", buffer);
        map.put("again", new Object[]{ buffer });
        final Map<?, ?> back = (Map<?, ?>)codec.roundTrip(map);
        assertSame(back.get("first"), ((Object[])back.get("again"))[0]);
        assertEquals(1, codec.lastReceiver().readCloneCalls);
    }
}
