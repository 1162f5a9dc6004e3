package dev.entangle.internal.codec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        final List<Object> samples = new ArrayList<>(List.of("text", "déjà \uD83D\uDE00", 12345678901L, new int[]{ 1, 2 },
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
        final byte[] name = IdentityAndCycleTest.Pair.class.getName().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
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
        assertEquals("reference to transferred object 0 but 0 were transferred", rejection(bytes(MAGIC, VERSION, 29, 0)));
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
}
