package dev.entangle.internal.codec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        assertEquals("data.left[0]: dev.entangle.internal.codec.IdentityAndCycleTest$Pair is reached again from its own " +
            "components; such a cycle cannot be rebuilt (let it pass through a list, set, map or array)",
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
}
