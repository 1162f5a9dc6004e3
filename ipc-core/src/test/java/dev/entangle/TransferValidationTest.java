package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code postMessage} refuses, synchronously and all-or-nothing (SEMANTICS.md F46-F55, H75). F56 does not
 * apply: there is no shared buffer type to put in a transfer list.
 */
@Timeout(120)
class TransferValidationTest
{
    @TempDir
    Path dir;

    private Contexts contexts;
    private Context a;
    private MessageChannel channel;
    private final Received atPort2 = new Received();

    record Holder(Object value)
    {
    }

    record Exploding(String name)
    {
        @Override
        public String name()
        {
            throw new IllegalStateException("accessor failed");
        }
    }

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        a = contexts.open("a");
        channel = new MessageChannel(a);
        channel.port2().onMessage(atPort2);
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    /** The channel still carries a normal message after a refusal, and nothing else came through. */
    private void assertChannelUnharmed()
    {
        channel.port1().postMessage("still fine");
        assertEquals("still fine", atPort2.nextData());
        assertTrue(atPort2.staysEmpty());
    }

    @Test
    void thePortItselfInItsTransferListIsRefusedAndBothPortsKeepWorking()
    {
        final DataCloneException refused = assertThrows(DataCloneException.class,
            () -> channel.port1().postMessage("self", List.of(channel.port1())));
        assertEquals("port at index 0 is the port being posted on", refused.getMessage());
        assertChannelUnharmed();
        final Received atPort1 = new Received();
        channel.port1().onMessage(atPort1);
        channel.port2().postMessage("back");
        assertEquals("back", atPort1.nextData());
    }

    @Test
    void theEntangledPortInTheListDoomsTheChannelAndStillDetachesTheOthers()
    {
        final MessageChannel other = new MessageChannel(a);
        final Received atOtherPort1 = new Received();
        other.port1().onMessage(atOtherPort1);
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        channel.port1().onClose(() -> closes.add("port1"));
        channel.port2().onClose(() -> closes.add("port2"));

        channel.port1().postMessage("lost", List.of(other.port2(), channel.port2()));

        assertEquals("port1", Await.next(closes));
        assertTrue(atPort2.staysEmpty());
        channel.port1().postMessage("after doom");
        assertTrue(atPort2.staysEmpty());
        other.port2().postMessage("from a detached port");
        assertTrue(atOtherPort1.staysEmpty());
        assertThrows(DataCloneException.class, () -> new MessageChannel(a).port1().postMessage("x",
            List.of(other.port2())));
    }

    @Test
    void aDuplicateIsRefusedAndNothingIsTransferred()
    {
        final MessageChannel other = new MessageChannel(a);
        final DataCloneException refused = assertThrows(DataCloneException.class,
            () -> channel.port1().postMessage("dup", List.of(other.port1(), other.port1())));
        assertEquals("port at index 1 is a duplicate of the port at index 0", refused.getMessage());
        assertUsable(other);
        assertChannelUnharmed();
    }

    @Test
    void aClosedOrTransferredEntryLeavesEarlierEntriesAttached()
    {
        final MessageChannel kept = new MessageChannel(a);
        final MessageChannel closed = new MessageChannel(a);
        closed.port2().close();
        final DataCloneException refusedClosed = assertThrows(DataCloneException.class,
            () -> channel.port1().postMessage("x", List.of(kept.port1(), closed.port2())));
        assertEquals("port at index 1 is closed", refusedClosed.getMessage());

        final MessageChannel moved = new MessageChannel(a);
        channel.port1().postMessage("moving", List.of(moved.port1()));
        atPort2.next();
        final DataCloneException refusedMoved = assertThrows(DataCloneException.class,
            () -> channel.port1().postMessage("x", List.of(kept.port1(), moved.port1())));
        assertEquals("port at index 1 is already transferred", refusedMoved.getMessage());
        assertUsable(kept);
        assertChannelUnharmed();
    }

    @Test
    void aValueThatCannotBeClonedIsRefusedBeforeAnyPortIsDetached()
    {
        final MessageChannel kept = new MessageChannel(a);
        final Runnable lambda = () -> { };
        final List<Object> message = new ArrayList<>(Arrays.asList("ok", lambda));
        final DataCloneException refused = assertThrows(DataCloneException.class,
            () -> channel.port1().postMessage(message, List.of(kept.port1())));
        assertTrue(refused.getMessage().startsWith("data[1]: " + lambda.getClass().getName() + " is not cloneable"),
            refused.getMessage());
        assertUsable(kept);
        assertChannelUnharmed();
    }

    @Test
    void hostObjectsAndUnknownTypesAreRefusedNamingClassAndPath()
    {
        assertRefused(Thread::currentThread, "data: java.lang.Thread is not cloneable");
        assertRefused(() -> Map.of("ctx", a), "data.ctx: dev.entangle.Context is not cloneable");
        assertRefused(() -> List.of(new Object()), "data[0]: java.lang.Object is not cloneable");
        assertRefused(() -> new Holder(new StringBuilder()),
            "data.value: java.lang.StringBuilder is not cloneable");
        assertChannelUnharmed();
    }

    @Test
    void aPortInTheMessageButNotInTheListIsRefused()
    {
        final MessageChannel other = new MessageChannel(a);
        assertRefused(() -> Map.of("port", other.port1()),
            "data.port: a MessagePort in the message must also be in the transfer list");
        assertUsable(other);
    }

    @Test
    void anExceptionFromARecordAccessorPropagatesUnchanged()
    {
        final IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> channel.port1().postMessage(new Exploding("x")));
        assertEquals("accessor failed", thrown.getMessage());
        assertChannelUnharmed();
    }

    @Test
    void aNullTransferListOrEntryIsANullPointerAndAForeignTransferableIsRefused()
    {
        assertThrows(NullPointerException.class, () -> channel.port1().postMessage("x", null));
        assertThrows(NullPointerException.class,
            () -> channel.port1().postMessage("x", Arrays.asList((Transferable)null)));
        final Transferable foreign = new Transferable()
        {
        };
        final DataCloneException refused = assertThrows(DataCloneException.class,
            () -> channel.port1().postMessage("x", List.of(foreign)));
        assertEquals("transfer list entry at index 0 is not a MessagePort of this library: " +
            foreign.getClass().getName(), refused.getMessage());
        assertChannelUnharmed();
    }

    @Test
    void aMessageOverMaxMessageSizeIsRefused()
    {
        final Received received = new Received();
        final MessageChannel smallChannel = heardChannel(contexts.open("small", b -> b.maxMessageSize(1024)), received);
        assertRefused(smallChannel.port1(), 2048, "the message is 2053 bytes, over maxMessageSize of 1024 bytes");
        smallChannel.port1().postMessage(new byte[512]);
        assertEquals(512, ((byte[])received.nextData()).length);
    }

    @Test
    void aLargeByteArraySentFromTheCallersArrayKeepsTheSameLimitAndContents()
    {
        // From 4096 bytes on, a byte[] goes into the lane from the caller's array, its start beside the envelope.
        final Context small = contexts.open("small", b -> b.maxMessageSize(5000));
        final Received received = new Received();
        final MessageChannel smallChannel = heardChannel(small, received);
        assertRefused(smallChannel.port1(), 4996, "the message is 5001 bytes, over maxMessageSize of 5000 bytes");
        for (final int length : new int[]{ 4095, 4096, 4995 })
        {
            final byte[] sent = new byte[length];
            new java.util.Random(length).nextBytes(sent);
            smallChannel.port1().postMessage(sent);
            assertArrayEquals(sent, (byte[])received.nextData(), "a byte[" + length + "]");
        }
        final Received atWindow = new Received();
        small.onMessage(atWindow);
        final byte[] toWindow = new byte[4900];
        new java.util.Random(1).nextBytes(toWindow);
        small.window("small").postMessage(toWindow, "*");
        assertArrayEquals(toWindow, (byte[])atWindow.nextData(), "through a window");
    }

    private static MessageChannel heardChannel(final Context context, final Received received)
    {
        final MessageChannel channel = new MessageChannel(context);
        channel.port2().onMessage(received);
        return channel;
    }

    private static void assertRefused(final MessagePort port, final int length, final String refusal)
    {
        final DataCloneException refused = assertThrows(DataCloneException.class,
            () -> port.postMessage(new byte[length]));
        assertEquals(refusal, refused.getMessage());
    }

    @Test
    void aPostedArrayIsNotKeptAliveByTheSender()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received received = new Received();
        channel.port2().onMessage(received);
        byte[] sent = new byte[1 << 20];
        final java.lang.ref.WeakReference<byte[]> weak = new java.lang.ref.WeakReference<>(sent);
        channel.port1().postMessage(sent);
        sent = null;
        assertEquals(1 << 20, ((byte[])received.nextData()).length);
        Await.until("the posted array to be collected", () ->
        {
            System.gc();
            return weak.get() == null;
        });
    }

    @Test
    void windowPostMessageAppliesTheSameRules()
    {
        final Context b = contexts.open("b");
        final Received atB = new Received();
        b.onMessage(atB);
        final MessageChannel other = new MessageChannel(a);
        final DataCloneException duplicate = assertThrows(DataCloneException.class,
            () -> a.window("b").postMessage("dup", "*", List.of(other.port1(), other.port1())));
        assertEquals("port at index 1 is a duplicate of the port at index 0", duplicate.getMessage());
        assertThrows(DataCloneException.class, () -> a.window("b").postMessage(Thread.currentThread(), "*"));
        assertUsable(other);
        a.window("b").postMessage("fine", "*");
        assertEquals("fine", atB.nextData());
        assertTrue(atB.staysEmpty());
    }

    private void assertRefused(final Supplier<Object> message, final String expected)
    {
        final Object value = message.get();
        final DataCloneException refused = assertThrows(DataCloneException.class,
            () -> channel.port1().postMessage(value));
        assertEquals(expected, refused.getMessage());
    }

    private static void assertUsable(final MessageChannel pair)
    {
        final Received received = new Received();
        pair.port2().onMessage(received);
        pair.port1().postMessage("usable");
        assertEquals("usable", received.nextData());
    }
}
