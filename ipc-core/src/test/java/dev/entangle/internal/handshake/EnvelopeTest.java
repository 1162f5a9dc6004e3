package dev.entangle.internal.handshake;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Envelopes read back as written, and a damaged one is always reported as {@link IllegalArgumentException}: every
 * truncation, every hostile count or kind, every flipped byte. A frame is parsed from a buffer that ends where the
 * frame ends, so a read past its end would surface as another exception instead of a silent misread.
 */
@Timeout(60)
class EnvelopeTest
{
    private static final List<TransferEntry> ENTRIES = List.of(
        new TransferEntry(TransferEntry.PORT, 0x0102_0304_0506_0708L, -1, 1,
            new TransitTicket(3, 0x1111_2222_3333_4444L, Long.MIN_VALUE), 0),
        new TransferEntry(TransferEntry.ARRAY_BUFFER, 7, 8, 0, new TransitTicket(1, -5, 6), 1L << 40),
        new TransferEntry(TransferEntry.PORT, Long.MAX_VALUE, 0, 0, TransitTicket.LOST, 0));
    private static final byte[] PAYLOAD = { 9, 8, 7, 6, 5, 4, 3, 2, 1 };

    @Test
    void aPortMessageReadsBackAsWritten()
    {
        for (int count = 0; count <= ENTRIES.size(); count++)
        {
            final List<TransferEntry> entries = ENTRIES.subList(0, count);
            final ExpandableArrayBuffer frame = new ExpandableArrayBuffer();
            final int head = Envelope.writePortMessage(frame, entries);
            assertEquals(4 + count * TransferEntry.LENGTH, head);
            frame.putBytes(head, PAYLOAD);

            final Envelope.Parsed parsed = new Envelope.Parsed();
            parsed.parse(Envelope.PORT_MESSAGE, frame, 0, head + PAYLOAD.length);

            assertEquals(entries, parsed.entries);
            assertEquals(head, parsed.payloadOffset);
            assertEquals(PAYLOAD.length, parsed.payloadLength);
            assertArrayEquals(PAYLOAD, payload(frame, parsed));
        }
    }

    @Test
    void aWindowMessageReadsBackAsWritten()
    {
        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(8192);
        // Written at an offset inside a larger buffer, as frames sit in a ring.
        final int start = 37;
        final int head = Envelope.writeWindowMessage(new UnsafeBuffer(frame, start, 4096), 0x7777_0000_1234L,
            1_700_000_000_000L, 600_000, "sender-\u00e9\u4e2d", "https://a.example:8443", "*", ENTRIES);
        frame.putBytes(start + head, PAYLOAD);

        final Envelope.Parsed parsed = new Envelope.Parsed();
        parsed.parse(Envelope.WINDOW_MESSAGE, frame, start, head + PAYLOAD.length);

        assertEquals(0x7777_0000_1234L, parsed.targetContextId);
        assertEquals(1_700_000_000_000L, parsed.postedMillis);
        assertEquals(600_000, parsed.expiryMillis);
        assertEquals("sender-\u00e9\u4e2d", parsed.senderName);
        assertEquals("https://a.example:8443", parsed.senderOrigin);
        assertEquals("*", parsed.targetOrigin);
        assertEquals(ENTRIES, parsed.entries);
        assertEquals(start + head, parsed.payloadOffset);
        assertArrayEquals(PAYLOAD, payload(frame, parsed));
    }

    @Test
    void aWindowMessageWithEmptyStringsAndNoEntriesOrPayloadReadsBack()
    {
        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer();
        final int head = Envelope.writeWindowMessage(frame, 0, 0, 0, "", "", "", List.of());

        final Envelope.Parsed parsed = new Envelope.Parsed();
        parsed.parse(Envelope.WINDOW_MESSAGE, exact(frame, head), 0, head);

        assertEquals("", parsed.senderName);
        assertEquals("", parsed.senderOrigin);
        assertEquals("", parsed.targetOrigin);
        assertEquals(List.of(), parsed.entries);
        assertEquals(0, parsed.payloadLength);
    }

    @Test
    void aParsedEnvelopeReusedForAnotherFrameKeepsNoEntriesOfTheLast()
    {
        final ExpandableArrayBuffer with = new ExpandableArrayBuffer();
        final int withLength = Envelope.writePortMessage(with, ENTRIES);
        final ExpandableArrayBuffer without = new ExpandableArrayBuffer();
        final int withoutLength = Envelope.writePortMessage(without, List.of());

        final Envelope.Parsed parsed = new Envelope.Parsed();
        parsed.parse(Envelope.PORT_MESSAGE, with, 0, withLength);
        parsed.parse(Envelope.PORT_MESSAGE, without, 0, withoutLength);

        assertEquals(List.of(), parsed.entries);
    }

    @Test
    void everyTruncationOfAPortEnvelopeIsAnIllegalArgument()
    {
        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer();
        final int head = Envelope.writePortMessage(frame, ENTRIES);
        frame.putBytes(head, PAYLOAD);
        assertEveryTruncation(Envelope.PORT_MESSAGE, frame, head, head + PAYLOAD.length);
    }

    @Test
    void everyTruncationOfAWindowEnvelopeIsAnIllegalArgument()
    {
        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer();
        final int head = Envelope.writeWindowMessage(frame, 1, 2, 3, "name", "https://b.example", "/", ENTRIES);
        frame.putBytes(head, PAYLOAD);
        assertEveryTruncation(Envelope.WINDOW_MESSAGE, frame, head, head + PAYLOAD.length);
    }

    @Test
    void hostileCountsAreIllegalArguments()
    {
        final int[] counts = { -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 4, 1 << 26, 0x0400_0001, 0x3333_3333 };
        for (final int count : counts)
        {
            final ExpandableArrayBuffer frame = new ExpandableArrayBuffer();
            final int head = Envelope.writePortMessage(frame, ENTRIES);
            frame.putInt(0, count);
            assertIllegal(Envelope.PORT_MESSAGE, exact(frame, head), head, "count " + count);

            final ExpandableArrayBuffer window = new ExpandableArrayBuffer();
            final int windowHead = Envelope.writeWindowMessage(window, 1, 2, 3, "n", "null", "*", ENTRIES);
            window.putInt(windowHead - 4 - ENTRIES.size() * TransferEntry.LENGTH, count);
            assertIllegal(Envelope.WINDOW_MESSAGE, exact(window, windowHead), windowHead, "window count " + count);
        }
    }

    @Test
    void anUnknownEntryKindIsAnIllegalArgument()
    {
        for (final int kind : new int[]{ 0, 4, 127, -1, -128 })
        {
            final ExpandableArrayBuffer frame = new ExpandableArrayBuffer();
            final int head = Envelope.writePortMessage(frame, ENTRIES);
            frame.putByte(4 + TransferEntry.LENGTH, (byte)kind);
            assertIllegal(Envelope.PORT_MESSAGE, exact(frame, head), head, "kind " + kind);
        }
    }

    @Test
    void aStringLongerThanTheFrameIsAnIllegalArgument()
    {
        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer();
        final int head = Envelope.writeWindowMessage(frame, 1, 2, 3, "name", "null", "*", List.of());
        for (final short length : new short[]{ -1, Short.MAX_VALUE, (short)(head - 24) })
        {
            frame.putShort(24, length);
            assertIllegal(Envelope.WINDOW_MESSAGE, exact(frame, head), head, "string length " + length);
        }
    }

    @Test
    void framesOfOtherTypesCarryNoEnvelope()
    {
        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer();
        final int head = Envelope.writePortMessage(frame, List.of());
        for (final int type : new int[]{ Envelope.PORT_CLOSE, Envelope.BROADCAST_MESSAGE, 0, -1, 99 })
        {
            assertIllegal(type, exact(frame, head), head, "type " + type);
        }
    }

    @Test
    void flippedBytesAreReadOrReportedButNeverCrashTheParser()
    {
        final Random random = new Random(7);
        final ExpandableArrayBuffer port = new ExpandableArrayBuffer();
        final int portHead = Envelope.writePortMessage(port, ENTRIES);
        final ExpandableArrayBuffer window = new ExpandableArrayBuffer();
        final int windowHead = Envelope.writeWindowMessage(window, 1, 2, 3, "name", "null", "*", ENTRIES);
        for (int i = 0; i < 20_000; i++)
        {
            final boolean isPort = random.nextBoolean();
            final int length = isPort ? portHead : windowHead;
            final UnsafeBuffer copy = exact(isPort ? port : window, length);
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--)
            {
                final int at = random.nextInt(length);
                copy.putByte(at, (byte)(copy.getByte(at) ^ (1 << random.nextInt(8))));
            }
            final Envelope.Parsed parsed = new Envelope.Parsed();
            try
            {
                parsed.parse(isPort ? Envelope.PORT_MESSAGE : Envelope.WINDOW_MESSAGE, copy, 0, length);
                assertTrue(parsed.payloadOffset + parsed.payloadLength == length && parsed.payloadLength >= 0,
                    "payload " + parsed.payloadOffset + "+" + parsed.payloadLength + " of " + length);
            }
            catch (final IllegalArgumentException expected)
            {
                // Reported, not misread.
            }
        }
    }

    private static void assertEveryTruncation(
        final int type, final ExpandableArrayBuffer frame, final int head, final int length)
    {
        for (int cut = 0; cut < length; cut++)
        {
            final UnsafeBuffer truncated = exact(frame, cut);
            final Envelope.Parsed parsed = new Envelope.Parsed();
            if (cut < head)
            {
                assertIllegal(type, truncated, cut, "truncated to " + cut);
            }
            else
            {
                // Only the payload was cut: that is the payload's decoder's to find.
                parsed.parse(type, truncated, 0, cut);
                assertEquals(head, parsed.payloadOffset);
                assertEquals(cut - head, parsed.payloadLength);
            }
        }
    }

    private static void assertIllegal(final int type, final UnsafeBuffer frame, final int length, final String what)
    {
        final Envelope.Parsed parsed = new Envelope.Parsed();
        try
        {
            parsed.parse(type, frame, 0, length);
            fail(what + ": parsed without complaint");
        }
        catch (final IllegalArgumentException expected)
        {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty(), what);
        }
        catch (final RuntimeException other)
        {
            throw new AssertionError(what + ": " + other + " instead of IllegalArgumentException", other);
        }
        assertThrows(IllegalArgumentException.class, () -> parsed.parse(type, frame, 0, length), what);
    }

    /**
     * @return a copy of the first {@code length} bytes in a buffer of exactly that size.
     */
    private static UnsafeBuffer exact(final ExpandableArrayBuffer frame, final int length)
    {
        final byte[] bytes = new byte[length];
        frame.getBytes(0, bytes);
        return new UnsafeBuffer(bytes);
    }

    private static byte[] payload(final ExpandableArrayBuffer frame, final Envelope.Parsed parsed)
    {
        final byte[] bytes = new byte[parsed.payloadLength];
        frame.getBytes(parsed.payloadOffset, bytes);
        return bytes;
    }
}
