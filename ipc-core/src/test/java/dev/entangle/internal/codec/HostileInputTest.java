package dev.entangle.internal.codec;

import org.junit.jupiter.api.Test;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.entangle.internal.codec.CloneFormat.BACK_REFERENCE;
import static dev.entangle.internal.codec.CloneFormat.ENUM;
import static dev.entangle.internal.codec.CloneFormat.HOST_OBJECT;
import static dev.entangle.internal.codec.CloneFormat.INSTANT;
import static dev.entangle.internal.codec.CloneFormat.INT;
import static dev.entangle.internal.codec.CloneFormat.DURATION;
import static dev.entangle.internal.codec.CloneFormat.LOCAL_DATE;
import static dev.entangle.internal.codec.CloneFormat.LOCAL_DATE_TIME;
import static dev.entangle.internal.codec.CloneFormat.LOCAL_TIME;
import static dev.entangle.internal.codec.CloneFormat.NULL;
import static dev.entangle.internal.codec.CloneFormat.OFFSET_DATE_TIME;
import static dev.entangle.internal.codec.CloneFormat.OPTIONAL;
import static dev.entangle.internal.codec.CloneFormat.STRING_LATIN1;
import static dev.entangle.internal.codec.CloneFormat.THROWABLE;
import static dev.entangle.internal.codec.CloneFormat.TYPED_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.ZONED_DATE_TIME;
import static dev.entangle.internal.codec.CloneFormat.ZONE_ID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes from shared memory are untrusted: whatever they hold, the decoder returns a value or throws
 * {@link MessageDecodeException} — never another exception, never a stack overflow, never an allocation the bytes
 * cannot justify.
 */
class HostileInputTest
{
    private final Codec codec = new Codec();

    private String rejection(final byte[] bytes)
    {
        return assertThrows(MessageDecodeException.class, () -> codec.decode(bytes)).getMessage();
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    private static final int MAGIC = 0xE7;
    private static final int VERSION = 1;

    @Test
    void everyTruncationOfValidMessagesIsRejected()
    {
        final List<Object> samples = new ArrayList<>(List.of("text", "déjà \uD83D\uDE00", 12345678901L,
            new int[]{ 1, 2 },
            Map.of("k", List.of(1.5, 'c', (short)3)), new BigDecimal("3.14"), Instant.now(), Pattern.compile("a+")));
        for (final Object sample : samples)
        {
            final byte[] full = codec.encode(sample);
            for (int length = 0; length < full.length; length++)
            {
                final byte[] cut = java.util.Arrays.copyOf(full, length);
                assertThrows(MessageDecodeException.class, () -> codec.decode(cut), sample + " cut at " + length);
            }
        }
    }

    @Test
    void aLengthClaimingTwoGigabytesFailsBeforeAllocating()
    {
        // byte[] of 0x7FFFFFF0 elements, then nothing.
        final String message = rejection(bytes(MAGIC, VERSION, 17, 0xF0, 0xFF, 0xFF, 0xFF, 0x07));
        assertEquals("truncated: array of 2147483632 elements needs 2147483632 bytes, 0 left", message);
        assertTrue(rejection(bytes(MAGIC, VERSION, 25, 0xF0, 0xFF, 0xFF, 0xFF, 0x07)).startsWith("list of"));
        assertTrue(rejection(bytes(MAGIC, VERSION, 10, 0xF0, 0xFF, 0xFF, 0xFF, 0x07)).startsWith("truncated: string"));
        assertTrue(rejection(bytes(MAGIC, VERSION, 27, 0xF0, 0xFF, 0xFF, 0xFF, 0x07)).startsWith("map of"));
        assertTrue(rejection(bytes(MAGIC, VERSION, 17, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)).contains("out of range"));
        assertTrue(rejection(bytes(MAGIC, VERSION, 17, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)).contains("varint"));
    }

    @Test
    void aBackReferenceThatPointsForwardOrIntoAnUnfinishedRecordIsRejected()
    {
        // A list of one element that refers to object 5, when only the list itself (object 0) exists.
        assertEquals("back-reference to object 5 but only 1 objects precede it",
            rejection(bytes(MAGIC, VERSION, 25, 1, 30, 5)));
        codec.allow(IdentityAndCycleTest.Pair.class);
        final byte[] name = IdentityAndCycleTest.Pair.class.getName()
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(MAGIC, VERSION, 28, 10, name.length));
        out.writeBytes(name);
        out.writeBytes(bytes(2, 30, 0, 0));
        assertEquals("back-reference to record 0 from within its own components", rejection(out.toByteArray()));
    }

    @Test
    void nestingAHundredThousandDeepIsRejectedWithoutOverflowingTheStack()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.write(VERSION);
        for (int i = 0; i < 100_000; i++)
        {
            out.write(25);
            out.write(1);
        }
        out.write(0);
        assertEquals("message nests deeper than 1000 levels", rejection(out.toByteArray()));
    }

    @Test
    void unknownTagsVersionsMagicAndTrailingBytesAreRejected()
    {
        assertEquals("unknown tag 99 at byte 2", rejection(bytes(MAGIC, VERSION, 99)));
        assertEquals("unsupported format version 2, this reader understands version 1",
            rejection(bytes(MAGIC, 2, 0)));
        assertEquals("not a structured clone: first byte is 0", rejection(bytes(0, VERSION, 0)));
        assertEquals("2 bytes left over after the message", rejection(bytes(MAGIC, VERSION, 0, 0, 0)));
        assertEquals("reference to transferred object 0 but 0 were transferred",
            rejection(bytes(MAGIC, VERSION, 29, 0)));
        assertEquals("boolean array element 0 is 7", rejection(bytes(MAGIC, VERSION, 16, 1, 7)));
        assertTrue(rejection(bytes()).startsWith("truncated: header"));
    }

    @Test
    void aMessageOverTheReceiversLimitIsRejectedBeforeReading()
    {
        final StructuredCloneReader reader = new StructuredCloneReader();
        final byte[] big = codec.encode(new byte[4096]);
        final MessageDecodeException refused = assertThrows(MessageDecodeException.class, () -> reader.decode(
            new org.agrona.concurrent.UnsafeBuffer(big), 0, big.length, HostObjectReader.NONE, ReceiverPolicy.NONE,
            1024));
        assertEquals("message of " + big.length + " bytes exceeds maxMessageSize 1024", refused.getMessage());
    }

    record Words(String first, String second)
    {
    }

    @Test
    void aRecordWhoseComponentsDoNotFitTheReceiversClassIsRejected()
    {
        final byte[] words = codec.encode(new Words("a", "b"));
        final byte[] labelled = codec.encode(new RoundTripTest.Labelled("a", 1, 2.0));
        // A receiver whose class of that name has other component types, or another number of components.
        codec.policy(Codec.everyRecordIs(RoundTripTest.Point.class));
        final String wrongTypes = rejection(words);
        assertTrue(wrongTypes.startsWith("record " + Words.class.getName() + " could not be rebuilt: " +
            "java.lang.ClassCastException"), wrongTypes);
        assertEquals("record " + RoundTripTest.Labelled.class.getName() + " arrived with 3 components, the " +
            "receiver's class has 2", rejection(labelled));
    }

    private static final String POINT = RoundTripTest.Point.class.getName();
    private static final String COLOR = RoundTripTest.Color.class.getName();

    private static void assertStarts(final String prefix, final String contained, final String message)
    {
        assertTrue(message.startsWith(prefix) && message.contains(contained), message);
    }

    @Test
    void everyTruncationOfTheNewTypesIsRejected()
    {
        codec.allow(RoundTripTest.Point.class).allowEnum(RoundTripTest.Color.class);
        final List<Object> samples = List.of(RoundTripTest.Color.GREEN, UUID.randomUUID(), Optional.of("x"),
            Optional.empty(), Duration.ofMillis(-3), LocalDate.MAX, LocalTime.NOON, LocalDateTime.MIN,
            OffsetDateTime.MAX, ZonedDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")),
            ZoneId.of("Asia/Tokyo"), ZoneOffset.ofHours(-5), new IllegalStateException("boom", new IOException("root")),
            new String[]{ "a", null }, new RoundTripTest.Point[]{ new RoundTripTest.Point(1, 2) },
            new RoundTripTest.Color[]{ RoundTripTest.Color.RED }, new Integer[]{ 1 },
            List.of(new HostDoubles.FakeBuffer(new byte[]{ 1, 2 }),
            new HostDoubles.SharedHolder(new HostDoubles.FakeShared(1, 2, 3))));
        for (final Object sample : samples)
        {
            final byte[] full = codec.encode(sample);
            codec.decode(full);
            for (int length = 0; length < full.length; length++)
            {
                final byte[] cut = java.util.Arrays.copyOf(full, length);
                assertThrows(MessageDecodeException.class, () -> codec.decode(cut), sample + " cut at " + length);
            }
        }
    }

    @Test
    void timeFieldsOutOfRangeAreRejected()
    {
        final long noon = LocalTime.NOON.toNanoOfDay();
        assertStarts("invalid LocalDate: ", "MonthOfYear",
            rejection(Wire.message().raw(LOCAL_DATE).int32(2024).raw(13, 1).bytes()));
        assertStarts("invalid LocalDate: ", "FEBRUARY 30",
            rejection(Wire.message().raw(LOCAL_DATE).int32(2024).raw(2, 30).bytes()));
        assertStarts("invalid LocalDate: ", "DayOfMonth",
            rejection(Wire.message().raw(LOCAL_DATE).int32(2024).raw(1, 0xFF).bytes()));
        assertStarts("invalid LocalDate: ", "Year",
            rejection(Wire.message().raw(LOCAL_DATE).int32(1_000_000_000).raw(1, 1).bytes()));
        assertStarts("invalid LocalTime: ", "NanoOfDay",
            rejection(Wire.message().raw(LOCAL_TIME).int64(-1).bytes()));
        assertStarts("invalid LocalTime: ", "NanoOfDay",
            rejection(Wire.message().raw(LOCAL_DATE_TIME).int32(2024).raw(1, 1).int64(86_400_000_000_000L).bytes()));
        assertEquals("Duration nanos 1000000000 out of range 0 to 999999999",
            rejection(Wire.message().raw(DURATION).int64(0).int32(1_000_000_000).bytes()));
        assertEquals("Instant nanos -1 out of range 0 to 999999999",
            rejection(Wire.message().raw(INSTANT).int64(0).int32(-1).bytes()));
        assertStarts("invalid Instant: ", "",
            rejection(Wire.message().raw(INSTANT).int64(Long.MAX_VALUE).int32(0).bytes()));
        assertStarts("invalid ZoneOffset: ", "",
            rejection(Wire.message().raw(OFFSET_DATE_TIME).int32(2024).raw(1, 1).int64(noon).int32(18 * 3600 + 1)
            .bytes()));
        assertStarts("invalid ZoneId: ", "Mars/Olympus_Mons",
            rejection(Wire.message().raw(ZONE_ID).string("Mars/Olympus_Mons").bytes()));
        for (final String id : List.of("", "../../etc/passwd", "+25:00", "UTC+99", "Europe/Paris\u0000"))
        {
            assertStarts("invalid ZoneId: ", "", rejection(Wire.message().raw(ZONE_ID).string(id).bytes()));
        }
        assertEquals("zone id has tag 5", rejection(Wire.message().raw(ZONE_ID, INT).int32(1).bytes()));
        // Past the end of time once the offset is taken away.
        assertStarts("invalid ZonedDateTime: ", "",
            rejection(Wire.message().raw(ZONED_DATE_TIME).int32(999_999_999).raw(12, 31)
            .int64(LocalTime.MAX.toNanoOfDay()).int32(-18 * 3600).string("UTC").bytes()));
    }

    @Test
    void aZonedDateTimeWhoseOffsetTheZoneDoesNotAllowKeepsItsInstant()
    {
        final byte[] bytes = Wire.message().raw(ZONED_DATE_TIME).int32(2023).raw(1, 15)
            .int64(LocalTime.NOON.toNanoOfDay()).int32(5 * 3600).string("Europe/Paris").bytes();
        assertEquals(ZonedDateTime.parse("2023-01-15T08:00+01:00[Europe/Paris]"), codec.decode(bytes));
    }

    @Test
    void typedArrayElementsOfTheWrongTypeAreRejected()
    {
        codec.allow(RoundTripTest.Point.class).allow(RoundTripTest.Labelled.class).allowEnum(RoundTripTest.Color.class)
            .allowEnum(TimeUnit.class);
        assertEquals("java.lang.String[] element 0 is a java.lang.Integer",
            rejection(Wire.message().raw(TYPED_ARRAY, 1).varint(1).raw(INT).int32(7).bytes()));
        assertEquals("java.lang.Integer[] element 1 is a [Ljava.lang.Integer;",
            rejection(Wire.message().raw(TYPED_ARRAY, 6).varint(2).raw(INT).int32(7).raw(BACK_REFERENCE, 0).bytes()));
        assertEquals("java.time.ZoneOffset[] element 0 is a java.time.ZoneRegion",
            rejection(Wire.message().raw(TYPED_ARRAY, 19).varint(1).raw(ZONE_ID).string("Europe/Paris").bytes()));
        assertEquals("java.time.LocalDate[] element 0 is a java.time.LocalDateTime",
            rejection(Wire.message().raw(TYPED_ARRAY, 13).varint(1).value(codec.encode(LocalDateTime.MIN)).bytes()));
        assertEquals(POINT + "[] element 0 is a " + RoundTripTest.Labelled.class.getName(),
            rejection(Wire.message().raw(TYPED_ARRAY, 64).string(POINT).varint(1)
            .value(codec.encode(new RoundTripTest.Labelled("x", 1, 2))).bytes()));
        assertEquals(COLOR + "[] element 0 is a java.util.concurrent.TimeUnit",
            rejection(Wire.message().raw(TYPED_ARRAY, 65).string(COLOR).varint(1)
            .value(codec.encode(TimeUnit.SECONDS)).bytes()));
        // The component class names the array's type; records of that class are what it may hold.
        assertEquals("record class java.lang.Thread is not allowed by the receiving context " +
            "(Context.Builder.allowRecord)", rejection(Wire.message().raw(TYPED_ARRAY, 64).string("java.lang.Thread")
            .varint(0).bytes()));
    }

    @Test
    void unknownArrayComponentTypesAreRejected()
    {
        for (final int code : new int[]{ 0, 20, 63, 66, 99, 0xFF })
        {
            assertEquals("unknown array component type " + (byte)code,
                rejection(Wire.message().raw(TYPED_ARRAY, code).varint(0).bytes()));
        }
    }

    @Test
    void enumConstantsTheClassDoesNotHaveAndNamesThatAreNotStringsAreRejected()
    {
        codec.allowEnum(RoundTripTest.Color.class);
        assertEquals("enum class " + COLOR + " has no constant PURPLE",
            rejection(Wire.message().raw(ENUM).string(COLOR).string("PURPLE").bytes()));
        assertEquals("enum class " + COLOR + " has no constant green",
            rejection(Wire.message().raw(ENUM).string(COLOR).string("green").bytes()));
        assertEquals("enum class name has tag 5",
            rejection(Wire.message().raw(ENUM, INT).int32(1).string("RED").bytes()));
        assertEquals("enum constant name has tag 0",
            rejection(Wire.message().raw(ENUM).string(COLOR).raw(NULL).bytes()));
        assertEquals("enum class java.util.concurrent.TimeUnit is not allowed by the receiving context " +
            "(Context.Builder.allowEnum)", rejection(codec.encode(TimeUnit.SECONDS)));
        assertSame(RoundTripTest.Color.BLUE, codec.decode(Wire.message().raw(ENUM).string(COLOR).string("BLUE")
            .bytes()));
    }

    @Test
    void hugeCountsAndLengthsOfTheNewTagsFailBeforeAllocating()
    {
        assertEquals("array of 2147483632 elements cannot fit in the 0 bytes left",
            rejection(Wire.message().raw(TYPED_ARRAY, 1).varint(0x7FFFFFF0).bytes()));
        assertEquals("truncated: stack trace of 2147483632 elements needs 25769803584 bytes, 0 left",
            rejection(Wire.message().raw(THROWABLE).varint(1).string("x").raw(NULL).varint(0x7FFFFFF0).bytes()));
        assertEquals("truncated: host object of 2147483632 bytes needs 2147483632 bytes, 0 left",
            rejection(Wire.message().raw(HOST_OBJECT).varint(1).varint(0x7FFFFFF0).bytes()));
        assertEquals("truncated: string of 2147483632 characters needs 2147483632 bytes, 0 left",
            rejection(Wire.message().raw(ENUM, STRING_LATIN1).varint(0x7FFFFFF0).bytes()));
        assertTrue(rejection(Wire.message().raw(HOST_OBJECT).varint(1).raw(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).bytes())
            .contains("out of range"));
    }

    private static Wire throwableLinks(final int count)
    {
        final Wire wire = Wire.message().raw(THROWABLE).varint(count);
        for (int i = 0; i < count; i++)
        {
            wire.string("java.lang.Error").string("link " + i).varint(1).raw(NULL, NULL, NULL).string("a.B")
                .string("m").raw(NULL).int32(i);
        }
        return wire;
    }

    @Test
    void causeChainsOfNoneOrOfMoreThanAHundredAreRejected()
    {
        assertEquals("throwable with a cause chain of 0, not 1 to 100", rejection(throwableLinks(0).bytes()));
        assertEquals("throwable with a cause chain of 101, not 1 to 100", rejection(throwableLinks(101).bytes()));
        assertEquals("throwable with a cause chain of 2147483647, not 1 to 100",
            rejection(Wire.message().raw(THROWABLE).varint(Integer.MAX_VALUE).bytes()));
        Object link = codec.decode(throwableLinks(100).bytes());
        for (int i = 0; i < 100; i++)
        {
            assertEquals("link " + i, ((Throwable)link).getMessage());
            assertEquals(i, ((Throwable)link).getStackTrace()[0].getLineNumber());
            link = ((Throwable)link).getCause();
        }
        assertEquals(null, link);
    }

    @Test
    void stackTraceElementsWithoutClassOrMethodAreRejected()
    {
        final Wire head = Wire.message().raw(THROWABLE).varint(1).string("java.lang.Error").raw(NULL).varint(1);
        assertEquals("stack trace class name has tag 0",
            rejection(head.raw(NULL, NULL, NULL, NULL).string("m").raw(NULL).int32(1).bytes()));
        final Wire again = Wire.message().raw(THROWABLE).varint(1).string("java.lang.Error").raw(NULL).varint(1);
        assertEquals("stack trace method name has tag 0",
            rejection(again.raw(NULL, NULL, NULL).string("a.B").raw(NULL, NULL).int32(1).bytes()));
    }

    /**
     * A receiver whose hook returns null for everything it makes.
     */
    private static final HostObjectReader MAKES_NULLS = new HostObjectReader()
    {
        public int transferredCount()
        {
            return 0;
        }

        public Object transferred(final int index)
        {
            return null;
        }

        public Object readClone(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            return null;
        }

        public Object newThrowable(
            final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
        {
            return null;
        }
    };

    private static String rejectionBy(final HostObjectReader host, final byte[] bytes)
    {
        return assertThrows(MessageDecodeException.class, () -> new StructuredCloneReader().decode(
            new UnsafeBuffer(bytes), 0, bytes.length, host, ReceiverPolicy.NONE, Codec.MAX)).getMessage();
    }

    @Test
    void throwablesAndHostObjectsTheHostCannotMakeAreRejected()
    {
        final byte[] error = codec.encode(new Error("x"));
        assertEquals("throwable java.lang.Error could not be rebuilt: java.lang.UnsupportedOperationException: " +
            "no throwable can be rebuilt here", rejectionBy(HostObjectReader.NONE, error));
        assertEquals("throwable java.lang.Error was rebuilt as null", rejectionBy(MAKES_NULLS, error));

        final byte[] buffer = codec.encode(new HostDoubles.FakeBuffer(new byte[]{ 1 }));
        assertEquals("host object of type 1 was read as null", rejectionBy(MAKES_NULLS, buffer));
        assertEquals("host object of type 1 could not be read: java.lang.IllegalArgumentException: no host object " +
            "of type 1 is known here", rejectionBy(HostObjectReader.NONE, buffer));
        assertEquals("host object of type 9 could not be read: java.lang.IllegalArgumentException: unknown host " +
            "object type 9", rejection(Wire.message().raw(HOST_OBJECT).varint(9).varint(0).bytes()));
        assertEquals("host object of type 2 could not be read: java.lang.IllegalArgumentException: a shared " +
            "buffer handle has 20 bytes, not 3", rejection(Wire.message().raw(HOST_OBJECT).varint(2).varint(3)
            .raw(1, 2, 3).bytes()));
        assertEquals("reference to transferred object 2 but 2 were transferred", assertThrows(
            MessageDecodeException.class, () -> codec.decode(Wire.message().raw(CloneFormat.TRANSFERRED, 2).bytes(),
            List.of("a", "b"))).getMessage());
    }

    @Test
    void aHostThatRejectsWithADecodeExceptionIsPassedOnUnchanged()
    {
        final MessageDecodeException own = new MessageDecodeException("the host's own words");
        final HostObjectReader strict = new HostObjectReader()
        {
            public int transferredCount()
            {
                return 0;
            }

            public Object transferred(final int index)
            {
                throw own;
            }

            public Object readClone(final int type, final DirectBuffer buffer, final int offset, final int length)
            {
                throw own;
            }

            public Object newThrowable(
                final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
            {
                throw own;
            }
        };
        final byte[] bytes = Wire.message().raw(HOST_OBJECT).varint(1).varint(0).bytes();
        assertSame(own, assertThrows(MessageDecodeException.class, () -> new StructuredCloneReader().decode(
            new UnsafeBuffer(bytes), 0, bytes.length, strict, ReceiverPolicy.NONE, Codec.MAX)));
    }

    @Test
    void optionalsNestedAHundredThousandDeepAreRejectedWithoutOverflowingTheStack()
    {
        final Wire wire = Wire.message();
        for (int i = 0; i < 100_000; i++)
        {
            wire.raw(OPTIONAL);
        }
        assertEquals("message nests deeper than 1000 levels", rejection(wire.raw(NULL).bytes()));
    }

    @Test
    void theDeepestMessageTheWriterAcceptsIsDecodedAndOneLevelMoreIsRefusedAtBothEnds()
    {
        Object deepest = new int[]{ 7 };
        for (int i = 0; i < CloneFormat.MAX_DEPTH; i++)
        {
            deepest = i % 3 == 0 ? List.of(deepest) : i % 3 == 1 ? Optional.of(deepest) : new Object[]{ deepest };
        }
        final byte[] bytes = codec.encode(deepest);
        Object back = codec.decode(bytes);
        for (int i = 0; i < CloneFormat.MAX_DEPTH; i++)
        {
            back = back instanceof List<?> list ? list.get(0) : back instanceof Optional<?> optional ?
                optional.orElseThrow() : ((Object[])back)[0];
        }
        assertEquals(7, ((int[])back)[0]);

        final Object tooDeep = List.of(deepest);
        assertTrue(assertThrows(CloneRefusedException.class, () -> codec.encode(tooDeep)).getMessage()
            .endsWith("the message nests deeper than 1000 levels"));
        assertEquals("message nests deeper than 1000 levels",
            rejection(Wire.message().raw(CloneFormat.LIST, 1).value(bytes).bytes()));
    }
}
