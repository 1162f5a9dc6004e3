package dev.entangle.internal.codec;

import org.agrona.ExpandableDirectByteBuffer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
