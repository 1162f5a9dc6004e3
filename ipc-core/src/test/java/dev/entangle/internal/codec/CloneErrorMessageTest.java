package dev.entangle.internal.codec;

import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the sender is told, word for word, when a message cannot be cloned.
 */
class CloneErrorMessageTest
{
    private final Codec codec = new Codec();

    record Named(String name, Object value)
    {
    }

    /** Its payload shrinks between calls of the accessor, as a graph changed by another thread would. */
    record Shrinking(byte[] payload, int[] calls)
    {
        @Override
        public byte[] payload()
        {
            return new byte[calls[0]++ == 0 ? 2000 : 10];
        }
    }

    /** Counts the calls of its accessor. */
    record Payload(byte[] bytes, int[] reads)
    {
        @Override
        public byte[] bytes()
        {
            reads[0]++;
            return bytes;
        }
    }

    private String refusal(final Object message)
    {
        return assertThrows(CloneRefusedException.class, () -> codec.encode(message)).getMessage();
    }

    @Test
    void theExampleOfTheIssue()
    {
        final List<Object> items = new ArrayList<>(Arrays.asList(1, 2, 3, Thread.currentThread()));
        assertEquals("data.items[3]: java.lang.Thread is not cloneable", refusal(Map.of("items", items)));
    }

    @Test
    void pathsThroughEveryKindOfContainer()
    {
        final Object thread = Thread.currentThread();
        assertEquals("data: java.lang.Thread is not cloneable", refusal(thread));
        assertEquals("data[1]: java.lang.Thread is not cloneable", refusal(new Object[]{ 0, thread }));
        assertEquals("data[0][2]: java.lang.Thread is not cloneable",
            refusal(List.of(Arrays.asList(0, 1, thread))));
        assertEquals("data.value: java.lang.Thread is not cloneable", refusal(new Named("n", thread)));
        final Map<Object, Object> keys = new LinkedHashMap<>();
        keys.put("not an identifier", List.of(thread));
        assertEquals("data[\"not an identifier\"][0]: java.lang.Thread is not cloneable", refusal(keys));
        assertEquals("data[42]: java.lang.Thread is not cloneable", refusal(Map.of(42, thread)));
        assertEquals("data['c']: java.lang.Thread is not cloneable", refusal(Map.of('c', thread)));
        final Map<Object, Object> byList = new LinkedHashMap<>();
        byList.put("first", 1);
        byList.put(List.of(1), thread);
        assertEquals("data[#1]: java.lang.Thread is not cloneable", refusal(byList));
        final Map<Object, Object> badKey = new LinkedHashMap<>();
        badKey.put("ok", 1);
        badKey.put(thread, 2);
        assertEquals("data[#1].key: java.lang.Thread is not cloneable", refusal(badKey));
        assertEquals("data[0]: java.lang.Thread is not cloneable", refusal(java.util.Set.of(thread)));
    }

    @Test
    void lambdasStreamsSocketsAndUnknownClassesAreRefusedByName()
    {
        final Supplier<String> lambda = () -> "x";
        assertEquals("data.f: " + lambda.getClass().getName() + " is not cloneable", refusal(Map.of("f", lambda)));
        final Stream<Integer> stream = Stream.of(1);
        assertEquals("data: " + stream.getClass().getName() + " is not cloneable", refusal(stream));
        final Socket socket = new Socket();
        assertEquals("data: java.net.Socket is not cloneable", refusal(socket));
        assertEquals("data: java.io.InputStream$1 is not cloneable", refusal(InputStream.nullInputStream()));
        assertEquals("data: java.lang.Object is not cloneable", refusal(new Object()));
        assertEquals("data[0]: java.lang.StringBuilder is not cloneable", refusal(List.of(new StringBuilder())));
    }

    @Test
    void aPortMissingFromTheTransferListIsRefused()
    {
        final HostDoubles.FakePort port = new HostDoubles.FakePort(1);
        final CloneRefusedException refused = assertThrows(CloneRefusedException.class,
            () -> codec.encode(List.of("x", port), List.of()));
        assertEquals("data[1]: a MessagePort in the message must also be in the transfer list", refused.getMessage());
    }

    @Test
    void tooLargeAndTooDeepAreRefused()
    {
        final StructuredCloneWriter writer = new StructuredCloneWriter();
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64);
        final CloneRefusedException large = assertThrows(CloneRefusedException.class,
            () -> writer.encode(new byte[2000], HostObjectWriter.NONE, buffer, 0, 1000));
        assertEquals("the message is 2005 bytes, over maxMessageSize of 1000 bytes", large.getMessage());
        assertEquals(2005, writer.encode(new byte[2000], HostObjectWriter.NONE, buffer, 0, 2005));

        Object deep = "bottom";
        for (int i = 0; i < CloneFormat.MAX_DEPTH + 5; i++)
        {
            deep = List.of(deep);
        }
        final String message = refusal(deep);
        assertTrue(message.endsWith(": the message nests deeper than 1000 levels"), message);
        assertTrue(message.startsWith("data[0][0][0]"), message);
    }

    @Test
    void pathsThroughTheNewContainers()
    {
        final Object thread = Thread.currentThread();
        assertEquals("data.maybe.get(): java.lang.Thread is not cloneable",
            refusal(Map.of("maybe", Optional.of(thread))));
        assertEquals("data.get().get(): java.lang.Thread is not cloneable", refusal(Optional.of(Optional.of(thread))));
        assertEquals("data[1]: java.util.concurrent.atomic.AtomicInteger is not cloneable",
            refusal(new Number[]{ 1, new AtomicInteger() }));
        assertEquals("data[0][1]: java.lang.Thread is not cloneable",
            refusal(new Object[][]{ { 0, thread } }));
    }

    @Test
    void hostObjectsAreRefusedWithTheHostsReason()
    {
        final HostDoubles.FakeBuffer detached = new HostDoubles.FakeBuffer(new byte[4]);
        detached.detached = true;
        assertEquals("data.buffer: dev.entangle.internal.codec.HostDoubles$FakeBuffer is detached",
            refusal(Map.of("buffer", detached)));
        final CloneRefusedException port = assertThrows(CloneRefusedException.class,
            () -> codec.encode(Optional.of(new HostDoubles.FakePort(1)), List.of(new HostDoubles.FakePort(2))));
        assertEquals("data.get(): a MessagePort in the message must also be in the transfer list", port.getMessage());
        assertEquals("data: dev.entangle.internal.codec.HostDoubles$FakeBuffer is not cloneable", assertThrows(
            CloneRefusedException.class, () -> new StructuredCloneWriter().encode(new HostDoubles.FakeBuffer(
            new byte[1]), HostObjectWriter.NONE, new ExpandableDirectByteBuffer(64), 0, 100)).getMessage());
    }

    @Test
    void theSizeErrorSaysTheMessagesSizeCountingHostBytesWithoutWritingThem()
    {
        final StructuredCloneWriter writer = new StructuredCloneWriter();
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64);
        final HostDoubles.Sender host = new HostDoubles.Sender(List.of());
        final Object message = List.of("x".repeat(300), new HostDoubles.FakeBuffer(new byte[3000]));
        final CloneRefusedException large = assertThrows(CloneRefusedException.class,
            () -> writer.encode(message, host, buffer, 0, 1000));
        // header 2, list tag and count 2, string tag, length and chars 303, host tag, type, length and bytes 3004
        assertEquals("the message is 3311 bytes, over maxMessageSize of 1000 bytes", large.getMessage());
        assertEquals(0, host.cloneIntoCalls, "measuring writes nothing");
        assertEquals(3311, writer.encode(message, host, buffer, 0, 3311));
        assertEquals(1, host.cloneIntoCalls);

        final String text = "é".repeat(20_000);
        // Latin-1: one byte a char, after a three-byte length
        assertEquals("the message is 20006 bytes, over maxMessageSize of 16 bytes", assertThrows(
            CloneRefusedException.class, () -> writer.encode(text, host, buffer, 0, 16)).getMessage());
    }

    @Test
    void theSizeErrorCountsFromTheOffsetAndTheWriterIsReusableAfterIt()
    {
        final StructuredCloneWriter writer = new StructuredCloneWriter();
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64);
        final Map<String, Object> message = new LinkedHashMap<>();
        message.put("shared", new int[100]);
        message.put("again", message.get("shared"));
        final CloneRefusedException large = assertThrows(CloneRefusedException.class,
            () -> writer.encode(message, HostObjectWriter.NONE, buffer, 1000, 100));
        assertEquals("the message is 423 bytes, over maxMessageSize of 100 bytes", large.getMessage());
        final int length = writer.encode(message, HostObjectWriter.NONE, buffer, 1000, 423);
        assertEquals(423, length);
        final Map<?, ?> back = (Map<?, ?>)new StructuredCloneReader().decode(buffer, 1000, length,
            HostObjectReader.NONE, ReceiverPolicy.NONE, 423);
        assertSame(back.get("shared"), back.get("again"), "the identity table was cleared after the refusal");
    }

    @Test
    void aGraphThatShrinksBeforeItIsMeasuredStillGetsASizeError()
    {
        final Shrinking shrinking = new Shrinking(null, new int[1]);
        final CloneRefusedException large = assertThrows(CloneRefusedException.class,
            () -> new StructuredCloneWriter().encode(shrinking, HostObjectWriter.NONE,
            new ExpandableDirectByteBuffer(64), 0, 1000));
        assertEquals("the message exceeds maxMessageSize of 1000 bytes", large.getMessage());
        assertEquals(2, shrinking.calls()[0], "measured by walking the graph a second time");
    }

    @Test
    void recordAccessorsRunTwiceOnlyForAMessageTooLarge()
    {
        final Payload payload = new Payload(new byte[500], new int[1]);
        final StructuredCloneWriter writer = new StructuredCloneWriter();
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64);
        writer.encode(payload, HostObjectWriter.NONE, buffer, 0, 1000);
        assertEquals(1, payload.reads()[0]);
        assertThrows(CloneRefusedException.class, () -> writer.encode(payload, HostObjectWriter.NONE, buffer, 0, 100));
        assertEquals(3, payload.reads()[0]);
    }

    @Test
    void aBufferThatCannotGrowIsRefusedWithItsCapacity()
    {
        final CloneRefusedException full = assertThrows(CloneRefusedException.class,
            () -> new StructuredCloneWriter().encode(new byte[100], HostObjectWriter.NONE,
            new UnsafeBuffer(new byte[64]), 0, 1000));
        assertEquals("the message exceeds the buffer of 64 bytes", full.getMessage());
    }
}
