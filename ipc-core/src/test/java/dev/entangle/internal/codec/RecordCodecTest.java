package dev.entangle.internal.codec;

import dev.entangle.internal.codec.elsewhere.HiddenRecords;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records on the ways the codec takes to make them cheap: a class name known again by its bytes, accessors called
 * directly where the record's class allows it and through method handles where it does not, and the order in
 * which the writer tells a record from a container.
 */
class RecordCodecTest
{
    record Point(int x, int y)
    {
    }

    /** A record that is also a Set: it travels as the Set, as any Set does. */
    record Tags(Set<String> delegate) implements Set<String>
    {
        public int size()
        {
            return delegate.size();
        }

        public boolean isEmpty()
        {
            return delegate.isEmpty();
        }

        public boolean contains(final Object o)
        {
            return delegate.contains(o);
        }

        public Iterator<String> iterator()
        {
            return delegate.iterator();
        }

        public Object[] toArray()
        {
            return delegate.toArray();
        }

        public <T> T[] toArray(final T[] a)
        {
            return delegate.toArray(a);
        }

        public boolean add(final String s)
        {
            return delegate.add(s);
        }

        public boolean remove(final Object o)
        {
            return delegate.remove(o);
        }

        public boolean containsAll(final Collection<?> c)
        {
            return delegate.containsAll(c);
        }

        public boolean addAll(final Collection<? extends String> c)
        {
            return delegate.addAll(c);
        }

        public boolean retainAll(final Collection<?> c)
        {
            return delegate.retainAll(c);
        }

        public boolean removeAll(final Collection<?> c)
        {
            return delegate.removeAll(c);
        }

        public void clear()
        {
            delegate.clear();
        }
    }

    @Test
    void aClassNameAllowedByOnePolicyIsStillRefusedByAnotherOnTheSameReader()
    {
        final Codec codec = new Codec().allow(Point.class);
        final byte[] point = codec.encode(new Point(1, 2));
        assertEquals(new Point(1, 2), codec.decode(point));
        assertEquals(new Point(1, 2), codec.decode(point));

        codec.policy(ReceiverPolicy.NONE);
        final MessageDecodeException refused = assertThrows(MessageDecodeException.class, () -> codec.decode(point));
        assertEquals("record class " + Point.class.getName() + " is not allowed by the receiving context " +
            "(Context.Builder.allowRecord)", refused.getMessage());
    }

    @Test
    void aRecordWhoseNameDiffersOnlyInItsLastByteIsNotTakenForAnother()
    {
        final Codec codec = new Codec().allow(Point.class);
        final byte[] point = codec.encode(new Point(5, 6));
        assertEquals(new Point(5, 6), codec.decode(point));
        final int nameEnd = indexOf(point, Point.class.getName().getBytes()) + Point.class.getName().length();
        point[nameEnd - 1] ^= 1;
        assertThrows(MessageDecodeException.class, () -> codec.decode(point));
    }

    record Alpha(int value)
    {
    }

    record Gamma(int value)
    {
    }

    @Test
    void twoRecordClassesWhoseNamesHaveOneLengthAreToldApart()
    {
        final Codec codec = new Codec().allow(Alpha.class).allow(Gamma.class);
        for (int round = 0; round < 3; round++)
        {
            assertEquals(new Alpha(round), codec.roundTrip(new Alpha(round)));
            assertEquals(new Gamma(round), codec.roundTrip(new Gamma(round)));
            assertEquals(List.of(new Gamma(1), new Alpha(2)), codec.roundTrip(List.of(new Gamma(1), new Alpha(2))));
        }
    }

    @Test
    void manyRecordClassesOnOneReaderEachComeBackAsThemselves()
    {
        final Codec codec = new Codec().allow(Point.class).allow(HiddenRecords.secretType());
        for (int round = 0; round < 3; round++)
        {
            assertEquals(new Point(round, -round), codec.roundTrip(new Point(round, -round)));
            final Record secret = HiddenRecords.secret(round, "s" + round);
            assertEquals(secret, codec.roundTrip(secret));
            final List<Object> both = List.of(new Point(7, 8), HiddenRecords.secret(9, "nine"));
            assertEquals(both, codec.roundTrip(both));
        }
    }

    @Test
    void aRecordThisPackageCanNameIsReadByDirectCallsAndAPrivateOneOfAnotherPackageThroughMethodHandles()
    {
        assertTrue(RecordShapes.of(Point.class).readsComponentsDirectly());
        assertFalse(RecordShapes.of(HiddenRecords.secretType()).readsComponentsDirectly());
    }

    @Test
    void aPrivateRecordOfAnotherPackageIsReadAndRebuilt()
    {
        final Codec codec = new Codec().allow(HiddenRecords.secretType());
        final Record secret = HiddenRecords.secret(42, "hidden");
        assertEquals(secret, codec.roundTrip(secret));
    }

    @Test
    void aRecordThatIsAlsoASetTravelsAsASet()
    {
        final Codec codec = new Codec().allow(Tags.class);
        final Object back = codec.roundTrip(new Tags(new LinkedHashSet<>(List.of("a", "b"))));
        assertFalse(back instanceof Tags, "arrived as " + back.getClass());
        assertEquals(Set.of("a", "b"), assertInstanceOf(Set.class, back));
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
