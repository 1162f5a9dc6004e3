package dev.entangle;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocation-free bytes path: {@code receiveBytes} into a caller's buffer, and {@code onBytes} handlers. A
 * {@code byte[]} that carried nothing transferred takes it; every other message keeps its place in order for the
 * usual path.
 */
@Timeout(120)
class BytesPathTest
{
    @TempDir
    Path dir;

    private Contexts contexts;

    @AfterEach
    void closeContexts()
    {
        if (contexts != null)
        {
            contexts.close();
        }
    }

    private MessageChannel channel()
    {
        contexts = new Contexts(dir);
        return new MessageChannel(contexts.open("bytes"));
    }

    @Test
    void receiveBytesCopiesTheArrayToTheGivenOffsetAndSaysWhenNothingWaits()
    {
        final MessageChannel channel = channel();
        final UnsafeBuffer destination = new UnsafeBuffer(new byte[100]);
        assertEquals(MessagePort.NO_MESSAGE, channel.port2().receiveBytes(destination, 0));
        channel.port1().postMessage(new byte[] { 1, 2, 3 });
        channel.port1().postMessage(new byte[0]);
        assertEquals(3, receive(channel.port2(), destination, 10));
        assertArrayEquals(new byte[] { 0, 1, 2, 3, 0 }, Arrays.copyOfRange(destination.byteArray(), 9, 14));
        assertEquals(0, receive(channel.port2(), destination, 100));
        assertEquals(MessagePort.NO_MESSAGE, channel.port2().receiveBytes(destination, 0));
    }

    @Test
    void anythingElseStaysFirstForReceiveMessageAndOrderIsKept()
    {
        final MessageChannel channel = channel();
        final MessageChannel other = new MessageChannel(contexts.open("other"));
        final UnsafeBuffer destination = new UnsafeBuffer(new byte[8]);
        channel.port1().postMessage(new byte[] { 7 });
        channel.port1().postMessage("text");
        channel.port1().postMessage(new byte[9]);
        channel.port1().postMessage(new byte[] { 8 }, List.of(other.port1()));
        channel.port1().postMessage(List.of((byte)1));
        channel.port1().postMessage(new byte[] { 9 });

        assertEquals(1, receive(channel.port2(), destination, 0));
        assertEquals(7, destination.getByte(0));
        assertEquals(MessagePort.NOT_BYTES, channel.port2().receiveBytes(destination, 0), "a String");
        assertEquals(MessagePort.NOT_BYTES, channel.port2().receiveBytes(destination, 0), "still the String");
        assertEquals("text", channel.port2().receiveMessage().orElseThrow().data());
        assertEquals(MessagePort.NOT_BYTES, channel.port2().receiveBytes(destination, 0), "9 bytes do not fit in 8");
        assertEquals(9, receive(channel.port2(), new UnsafeBuffer(new byte[10]), 1), "but fit from 1 in 10");
        assertEquals(MessagePort.NOT_BYTES, channel.port2().receiveBytes(destination, 0), "it carries a port");
        final MessageEvent carrying = channel.port2().receiveMessage().orElseThrow();
        assertArrayEquals(new byte[] { 8 }, (byte[])carrying.data());
        assertEquals(1, carrying.ports().size());
        assertEquals(MessagePort.NOT_BYTES, channel.port2().receiveBytes(destination, 0), "a list of bytes");
        assertEquals(List.of((byte)1), channel.port2().receiveMessage().orElseThrow().data());
        assertEquals(1, receive(channel.port2(), destination, 0));
        assertEquals(9, destination.getByte(0));
    }

    @Test
    void anOffsetOutsideTheDestinationIsRefusedAndTakesNothing()
    {
        final MessageChannel channel = channel();
        final UnsafeBuffer destination = new UnsafeBuffer(new byte[4]);
        channel.port1().postMessage(new byte[0]);
        assertThrows(IndexOutOfBoundsException.class, () -> channel.port2().receiveBytes(destination, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> channel.port2().receiveBytes(destination, -1));
        assertEquals(0, receive(channel.port2(), destination, 4), "an empty array fits at the very end");
    }

    @Test
    void thePeersCloseEndsReceiveBytesAsItEndsReceiveMessage()
    {
        final MessageChannel channel = channel();
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        channel.port2().onClose(() -> closes.add("closed"));
        channel.port1().postMessage(new byte[] { 5 });
        channel.port1().close();
        final UnsafeBuffer destination = new UnsafeBuffer(new byte[4]);
        assertEquals(1, receive(channel.port2(), destination, 0));
        assertEquals(MessagePort.NO_MESSAGE, channel.port2().receiveBytes(destination, 0));
        assertEquals("closed", Await.next(closes));
        assertEquals(MessagePort.NO_MESSAGE, channel.port2().receiveBytes(destination, 0));
    }

    @Test
    void aBytesHandlerTakesTheArraysAndTheListenersEverythingElseInOrder()
    {
        final MessageChannel channel = channel();
        final LinkedBlockingQueue<Object> heard = new LinkedBlockingQueue<>();
        channel.port1().postMessage(new byte[] { 1 });
        channel.port1().postMessage("two");
        channel.port1().postMessage(new byte[0]);
        final byte[] large = new byte[3 << 20];
        Arrays.fill(large, (byte)4);
        large[large.length - 1] = 5;
        channel.port1().postMessage(large);
        channel.port1().postMessage(new byte[] { 6 });
        channel.port2().addMessageListener(event -> heard.add(event.data()));
        // Setting the handler starts the port: what was posted before it comes now.
        channel.port2().onBytes((buffer, offset, length) -> heard.add(copy(buffer, offset, length)));

        assertEquals(List.of((byte)1), Await.next(heard));
        assertEquals("two", Await.next(heard));
        assertEquals(List.of(), Await.next(heard));
        final Object third = Await.next(heard);
        assertEquals(large.length, ((List<?>)third).size());
        assertEquals((byte)5, ((List<?>)third).get(large.length - 1));
        assertEquals((byte)4, ((List<?>)third).get(0));
        assertEquals(List.of((byte)6), Await.next(heard));

        channel.port2().onBytes(null);
        channel.port1().postMessage(new byte[] { 7 });
        assertArrayEquals(new byte[] { 7 }, (byte[])Await.next(heard), "without a handler, arrays are events again");
    }

    @Test
    void aHandlerThatThrowsIsReportedAndDeliveryGoesOn()
    {
        contexts = new Contexts(dir);
        final LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        final Context context = contexts.open("throwing", builder -> builder.errorHandler(errors::add));
        final MessageChannel channel = new MessageChannel(context);
        final LinkedBlockingQueue<Integer> lengths = new LinkedBlockingQueue<>();
        channel.port2().onBytes((buffer, offset, length) ->
        {
            lengths.add(length);
            if (length == 1)
            {
                throw new IllegalStateException("thrown by the handler");
            }
        });
        channel.port1().postMessage(new byte[1]);
        channel.port1().postMessage(new byte[2]);
        assertEquals(1, Await.next(lengths));
        assertEquals(2, Await.next(lengths));
        assertEquals("thrown by the handler", Await.next(errors).getMessage());
    }

    @Test
    void aThreadTakingBytesBesideAHandlerGetsEachMessageOnceAndWhole() throws Exception
    {
        final MessageChannel channel = channel();
        final int messages = 100_000;
        final ConcurrentHashMap<Long, String> seen = new ConcurrentHashMap<>();
        final LinkedBlockingQueue<String> wrong = new LinkedBlockingQueue<>();
        final AtomicInteger count = new AtomicInteger();
        channel.port2().onBytes((buffer, offset, length) ->
            note(seen, wrong, count, "handler", buffer, offset, length));
        final Thread poller = new Thread(() ->
        {
            final UnsafeBuffer destination = new UnsafeBuffer(new byte[16]);
            while (count.get() < messages && !Thread.currentThread().isInterrupted())
            {
                final int length = channel.port2().receiveBytes(destination, 0);
                if (length >= 0)
                {
                    note(seen, wrong, count, "thread", destination, 0, length);
                }
            }
        });
        poller.start();
        try
        {
            final byte[] payload = new byte[16];
            final UnsafeBuffer writer = new UnsafeBuffer(payload);
            for (long i = 0; i < messages; i++)
            {
                writer.putLong(0, i);
                writer.putLong(8, ~i);
                while (!channel.port1().offerMessage(payload))
                {
                    Thread.onSpinWait();
                }
            }
            Await.until("every message taken", () -> count.get() >= messages);
        }
        finally
        {
            poller.interrupt();
            poller.join();
        }
        assertEquals(List.of(), new ArrayList<>(wrong));
        assertEquals(messages, seen.size());
        assertTrue(seen.containsValue("thread"), "the thread took none");
    }

    private static void note(
        final Map<Long, String> seen,
        final LinkedBlockingQueue<String> wrong,
        final AtomicInteger count,
        final String taker,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final long id = buffer.getLong(offset);
        if (length != 16 || buffer.getLong(offset + 8) != ~id)
        {
            wrong.add(taker + " got a message of " + length + " bytes that is not whole: " + id);
        }
        else if (seen.put(id, taker) != null)
        {
            wrong.add(taker + " got message " + id + " a second time");
        }
        count.incrementAndGet();
    }

    @Test
    void aHandlerKeepsEveryArrayWhileAThreadTakesWhatComesNext() throws Exception
    {
        final MessageChannel channel = channel();
        final int pairs = 200_000;
        final AtomicInteger arrays = new AtomicInteger();
        final LinkedBlockingQueue<Object> listened = new LinkedBlockingQueue<>();
        channel.port2().addMessageListener(event -> listened.add(event.data()));
        channel.port2().onBytes((buffer, offset, length) -> arrays.incrementAndGet());
        final Thread taker = new Thread(() ->
        {
            while (arrays.get() < pairs && !Thread.currentThread().isInterrupted())
            {
                channel.port2().receiveMessage().ifPresent(event ->
                {
                    if (event.data() instanceof byte[])
                    {
                        arrays.incrementAndGet();
                    }
                });
            }
        });
        taker.start();
        try
        {
            for (int i = 0; i < pairs; i++)
            {
                while (!channel.port1().offerMessage("text"))
                {
                    Thread.onSpinWait();
                }
                while (!channel.port1().offerMessage(new byte[8]))
                {
                    Thread.onSpinWait();
                }
            }
            Await.until("every array taken by the handler or the thread", () -> arrays.get() >= pairs);
        }
        finally
        {
            taker.interrupt();
            taker.join();
        }
        assertEquals(pairs, arrays.get());
        assertTrue(listened.stream().noneMatch(data -> data instanceof byte[]), "an array reached the listeners");
    }

    @Test
    void aDestinationThatThrowsLeavesTheMessageFirst()
    {
        final MessageChannel channel = channel();
        channel.port1().postMessage(new byte[] { 3, 4 });
        final ExpandableArrayBuffer refusing = new ExpandableArrayBuffer(16)
        {
            @Override
            public void putBytes(final int index, final DirectBuffer source, final int sourceIndex, final int length)
            {
                throw new IllegalStateException("refused by the destination");
            }
        };
        // A post is in the lane when it returns.
        assertThrows(IllegalStateException.class, () -> channel.port2().receiveBytes(refusing, 0));
        final UnsafeBuffer destination = new UnsafeBuffer(new byte[4]);
        assertEquals(2, receive(channel.port2(), destination, 0));
        assertEquals(4, destination.getByte(1));
    }

    @Test
    void anArrayOverTheReceiversLimitIsAMessageErrorOnEitherPath()
    {
        contexts = new Contexts(dir);
        final Context large = contexts.open("large", builder -> builder.maxMessageSize(1 << 20));
        final Context small = contexts.open("small", builder -> builder.maxMessageSize(1000));
        final LinkedBlockingQueue<MessagePort> arrived = new LinkedBlockingQueue<>();
        small.onMessage(event -> arrived.addAll(event.ports()));
        final MessageChannel polled = new MessageChannel(large);
        final MessageChannel handled = new MessageChannel(large);
        large.window("small").postMessage("ports", "*", List.of(polled.port2(), handled.port2()));
        final MessagePort polledHere = Await.next(arrived);
        final MessagePort handledHere = Await.next(arrived);

        final LinkedBlockingQueue<String> errors = new LinkedBlockingQueue<>();
        polledHere.onMessageError(event -> errors.add("polled"));
        polled.port1().postMessage(new byte[2000]);
        polled.port1().postMessage(new byte[10]);
        final UnsafeBuffer destination = new UnsafeBuffer(new byte[4000]);
        assertEquals(MessagePort.NOT_BYTES, polledHere.receiveBytes(destination, 0), "over the receiver's limit");
        assertArrayEquals(new byte[10], (byte[])polledHere.receiveMessage().orElseThrow().data());
        assertEquals("polled", Await.next(errors));

        final LinkedBlockingQueue<Integer> lengths = new LinkedBlockingQueue<>();
        handledHere.onMessageError(event -> errors.add("handled"));
        handledHere.onBytes((buffer, offset, length) -> lengths.add(length));
        handled.port1().postMessage(new byte[2000]);
        handled.port1().postMessage(new byte[10]);
        assertEquals("handled", Await.next(errors));
        assertEquals(10, Await.next(lengths));
        assertTrue(lengths.isEmpty(), "the handler was given " + lengths);
    }

    @Test
    void takingBytesAllocatesNothingInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final MessageChannel channel = channel();
        final byte[] payload = new byte[64];
        final UnsafeBuffer destination = new UnsafeBuffer(new byte[64]);
        final int messages = 20_000;
        long allocated = 0;
        for (int round = 0; round < 3; round++)
        {
            allocated = 0;
            for (int i = 0; i < messages; i++)
            {
                channel.port1().postMessage(payload);
                final long before = threads.getThreadAllocatedBytes(thread);
                receive(channel.port2(), destination, 0);
                allocated += threads.getThreadAllocatedBytes(thread) - before;
            }
        }
        assertTrue(allocated < messages, "taking " + messages + " messages allocated " + allocated + " bytes");
    }

    @Test
    void aBytesHandlerAllocatesNothingOnTheLoopInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final MessageChannel channel = channel();
        final long[] loopThread = new long[1];
        final LinkedBlockingQueue<Long> marks = new LinkedBlockingQueue<>();
        final int messages = 20_000;
        final int[] count = { 0 };
        channel.port2().onBytes((buffer, offset, length) ->
        {
            loopThread[0] = Thread.currentThread().getId();
            if (++count[0] % messages == 0)
            {
                marks.add(threads.getThreadAllocatedBytes(loopThread[0]));
            }
        });
        final byte[] payload = new byte[64];
        final List<Long> perRound = new ArrayList<>();
        for (int round = 0; round < 4; round++)
        {
            for (int i = 0; i < messages; i++)
            {
                channel.port1().postMessage(payload);
            }
            perRound.add(Await.next(marks));
        }
        final long lastRound = perRound.get(3) - perRound.get(2);
        assertTrue(lastRound < messages, "the loop allocated " + lastRound + " bytes for " + messages + " messages");
    }

    private static int receive(final MessagePort port, final UnsafeBuffer destination, final int offset)
    {
        final long deadline = System.nanoTime() + Await.LONG.toNanos();
        int length;
        while ((length = port.receiveBytes(destination, offset)) == MessagePort.NO_MESSAGE)
        {
            assertTrue(System.nanoTime() < deadline, "no message came within " + Await.LONG);
            Thread.onSpinWait();
        }
        return length;
    }

    private static List<Byte> copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final List<Byte> bytes = new ArrayList<>(length);
        for (int i = 0; i < length; i++)
        {
            bytes.add(buffer.getByte(offset + i));
        }
        return bytes;
    }
}
