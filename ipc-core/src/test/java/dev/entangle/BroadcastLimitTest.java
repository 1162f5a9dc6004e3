package dev.entangle;

import dev.entangle.internal.broadcast.BroadcastDescriptor;
import dev.entangle.internal.broadcast.BroadcastFile;
import dev.entangle.internal.lane.LaneDescriptor;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.lane.LaneWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a receiver gets when it cannot keep up, and when the lane holds bytes no sender wrote: a receiver more than
 * its limit behind skips ahead with one messageerror that says how many messages it missed, while the others lose
 * nothing; frames that do not decode are messageerrors, and delivery goes on after them; a frame that fails its
 * checksum stops only the receiver that reads it, with one error.
 */
@Timeout(120)
class BroadcastLimitTest
{
    private static final long LIMIT = 256 << 10;
    private static final int PAYLOAD = 16 << 10;
    private static final Pattern MISSED = Pattern.compile("missed (\\d+) messages");

    @TempDir
    Path dir;

    private Contexts contexts;
    private final LinkedBlockingQueue<Throwable> slowErrors = new LinkedBlockingQueue<>();
    private final CountDownLatch hold = new CountDownLatch(1);
    private final CountDownLatch holdMiddle = new CountDownLatch(1);
    private Context slowContext;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
    }

    @AfterEach
    void close()
    {
        hold.countDown();
        holdMiddle.countDown();
        if (slowContext != null)
        {
            slowContext.close();
        }
        contexts.close();
    }

    @Test
    void aReceiverFarBehindSkipsAheadWithOneMessageErrorAndTheOthersLoseNothing()
    {
        final Context senderContext = contexts.open("s", builder -> builder.maxBufferedAmount(LIMIT));
        final Context fastContext = contexts.open("q");
        slowContext = Context.builder().directory(dir).name("r").maxBufferedAmount(LIMIT)
            .errorHandler(slowErrors::add).open();
        try (BroadcastChannel sender = new BroadcastChannel(senderContext, "slow");
            BroadcastChannel slow = new BroadcastChannel(slowContext, "slow");
            BroadcastChannel fast = new BroadcastChannel(fastContext, "slow"))
        {
            try
            {
                sender.onMessage(event -> { });
                final List<Integer> slowGot = Collections.synchronizedList(new ArrayList<>());
                slow.onMessage(event ->
                {
                    slowGot.add((Integer)((List<?>)event.data()).get(0));
                    if (slowGot.size() == 1)
                    {
                        awaitQuietly(hold);
                    }
                });
                final Received slowMessageErrors = new Received();
                slow.onMessageError(slowMessageErrors);
                final Received fastGot = new Received();
                fast.onMessage(fastGot);

                sender.postMessage(List.of(0, new byte[PAYLOAD]));
                Await.until("the slow receiver's listener holds its loop", () -> slowGot.size() == 1);
                for (int i = 1; i < 240; i++)
                {
                    sender.postMessage(List.of(i, new byte[PAYLOAD]));
                }
                for (int i = 0; i < 240; i++)
                {
                    assertEquals(i, ((List<?>)fastGot.nextData()).get(0), "the fast receiver loses nothing");
                }
                hold.countDown();
                // Whatever the others have all read is no longer kept: the slow one skips past it, then hears on.
                final MessageEvent error = slowMessageErrors.next();
                assertNull(error.data());
                sender.postMessage(List.of(240, new byte[PAYLOAD]));
                Await.until("the slow receiver hears the next message", () -> slowGot.contains(240));
                assertTrue(slowMessageErrors.staysEmpty(), "one messageerror for one skip");
                final Throwable reported = Await.next(slowErrors);
                assertInstanceOf(MessageErrorException.class, reported);
                final Matcher missed = MISSED.matcher(reported.getMessage());
                assertTrue(missed.find(), reported.getMessage());
                final List<Integer> got = new ArrayList<>(slowGot);
                int gaps = 0;
                for (int i = 1; i < got.size(); i++)
                {
                    final int step = got.get(i) - got.get(i - 1);
                    if (step != 1)
                    {
                        gaps++;
                        assertEquals(Integer.parseInt(missed.group(1)), step - 1, "the count is what was skipped");
                    }
                }
                assertEquals(1, gaps, "one gap in " + got);
                assertTrue(slowErrors.isEmpty(), "one error: " + slowErrors);
                assertTrue(contexts.errors.isEmpty(), "the others are unaffected: " + contexts.errors);
            }
            finally
            {
                hold.countDown();    // else closing the slow channel waits for its held loop
            }
        }
    }

    @Test
    void aReceiverFarBehindSkipsToTheOldestMessageAnotherReceiverStillNeeds()
    {
        final Context senderContext = contexts.open("s", builder -> builder.maxBufferedAmount(LIMIT));
        final Context middleContext = contexts.open("m");
        slowContext = Context.builder().directory(dir).name("r").maxBufferedAmount(LIMIT)
            .errorHandler(slowErrors::add).open();
        try (BroadcastChannel sender = new BroadcastChannel(senderContext, "kept");
            BroadcastChannel slow = new BroadcastChannel(slowContext, "kept");
            BroadcastChannel middle = new BroadcastChannel(middleContext, "kept"))
        {
            try
            {
                sender.onMessage(event -> { });
                final List<Integer> slowGot = holding(slow, 0, hold);
                final List<Integer> middleGot = holding(middle, 100, holdMiddle);
                final Received slowMessageErrors = new Received();
                slow.onMessageError(slowMessageErrors);

                // The slow one takes the first message before the rest come: else, on a busy machine, it may be
                // left out before it read anything, and never hold its loop.
                sender.postMessage(List.of(0, new byte[PAYLOAD]));
                Await.until("the slow listener holds its loop", () -> slowGot.size() == 1);
                for (int i = 1; i < 240; i++)
                {
                    sender.postMessage(List.of(i, new byte[PAYLOAD]));
                }
                Await.until("both listeners hold their loops",
                    () -> slowGot.size() == 1 && middleGot.size() == 101);
                // One more append finds the slow one beyond its limit and before the middle one, which is within its.
                sender.postMessage(List.of(240, new byte[PAYLOAD]));
                hold.countDown();
                assertNull(slowMessageErrors.next().data());
                Await.until("the slow receiver reads what the middle one still needs",
                    () -> slowGot.contains(240));
                assertEquals(List.of(0), slowGot.subList(0, 1));
                assertEquals(101, slowGot.get(1), "it skips to where the middle receiver stands: " + slowGot);
                for (int i = 1; i < slowGot.size(); i++)
                {
                    assertEquals(100 + i, slowGot.get(i));
                }
                final Matcher missed = MISSED.matcher(Await.next(slowErrors).getMessage());
                assertTrue(missed.find());
                assertEquals(100, Integer.parseInt(missed.group(1)));
                holdMiddle.countDown();
                Await.until("the middle receiver gets everything", () -> middleGot.size() == 241);
                for (int i = 0; i < 241; i++)
                {
                    assertEquals(i, middleGot.get(i));
                }
                assertTrue(slowMessageErrors.staysEmpty());
                assertTrue(contexts.errors.isEmpty(), "the others are unaffected: " + contexts.errors);
            }
            finally
            {
                // A listener still held blocks its loop, and closing its channel waits for the loop: a failed
                // assertion above must not turn into a hang.
                hold.countDown();
                holdMiddle.countDown();
            }
        }
    }

    @Test
    void aFrameThatFailsItsChecksumStopsThatReceiverWithOneErrorAndNothingElse() throws Exception
    {
        final Context a = contexts.open("a", builder -> builder.checksums(true));
        final Context b = contexts.open("b", builder -> builder.checksums(true));
        try (BroadcastChannel sender = new BroadcastChannel(a, "garbled");
            BroadcastChannel receiver = new BroadcastChannel(b, "garbled");
            BroadcastChannel healthySender = new BroadcastChannel(a, "healthy");
            BroadcastChannel healthy = new BroadcastChannel(b, "healthy"))
        {
            sender.postMessage("the first frame, garbled before it is read");
            final Path ring = dir.resolve("broadcast").resolve(BroadcastDescriptor.key(a.origin(), "garbled"))
                .resolve(BroadcastDescriptor.RING_PREFIX + ".0");
            try (FileChannel file = FileChannel.open(ring, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                // The frame's header is 16 bytes and the sender's id 8: this byte is the payload's.
                file.write(ByteBuffer.wrap(new byte[] {0x55}), 16 + 8 + 4);
            }
            final Received received = new Received();
            receiver.onMessage(received);
            final Received healthyGot = new Received();
            healthy.onMessage(healthyGot);

            final Throwable reported = Await.next(contexts.errors);
            assertTrue(reported.getMessage().contains("\"garbled\"") &&
                reported.getMessage().contains("checksum"), reported.getMessage());
            sender.postMessage("after the damage");
            healthySender.postMessage("still works");
            assertEquals("still works", healthyGot.nextData());
            assertTrue(received.staysEmpty(), "a damaged receiver reads nothing more");
            assertTrue(contexts.errors.isEmpty(), "one error: " + contexts.errors);
        }
    }

    /**
     * @return what the channel's listener gets: the first item of each list message; it blocks on receiving item
     * {@code blockAt} until the latch opens.
     */
    private static List<Integer> holding(final BroadcastChannel channel, final int blockAt, final CountDownLatch latch)
    {
        final List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        channel.onMessage(event ->
        {
            final int item = (Integer)((List<?>)event.data()).get(0);
            got.add(item);
            if (item == blockAt)
            {
                awaitQuietly(latch);
            }
        });
        return got;
    }

    @Test
    void bytesNoSenderWroteAreMessageErrorsAndDeliveryGoesOn()
    {
        final Context a = contexts.open("a");
        final Context b = contexts.open("b");
        try (BroadcastChannel sender = new BroadcastChannel(a, "hostile");
            BroadcastChannel receiver = new BroadcastChannel(b, "hostile"))
        {
            final Received received = new Received();
            receiver.onMessage(received);
            final Received messageErrors = new Received();
            receiver.onMessageError(messageErrors);
            sender.postMessage("first");
            assertEquals("first", received.nextData());

            final BroadcastFile file = BroadcastFile.openExisting(
                dir.resolve("broadcast").resolve(BroadcastDescriptor.key(a.origin(), "hostile")));
            try (LaneWriter raw = new LaneWriter(file.lane(), () -> file.lane().tail(), file.rings(),
                new LaneSettings(LaneDescriptor.MIN_CAPACITY, 1_000_000_000L, true), true))
            {
                final UnsafeBuffer hostile = new UnsafeBuffer(new byte[64]);
                hostile.setMemory(0, 64, (byte)0xFF);
                hostile.putLong(0, 42);
                raw.append(BroadcastDescriptor.FRAME_TYPE, hostile, 0, 64, null, 0, 0);
                raw.append(BroadcastDescriptor.FRAME_TYPE, hostile, 0, 3, null, 0, 0);
                raw.append(77, hostile, 0, 16, null, 0, 0);
            }
            finally
            {
                file.close();
            }
            sender.postMessage("after");

            assertEquals("after", received.nextData());
            for (int i = 0; i < 3; i++)
            {
                final MessageEvent error = messageErrors.next();
                assertNull(error.data());
                assertInstanceOf(MessageErrorException.class, Await.next(contexts.errors));
            }
            assertTrue(messageErrors.staysEmpty());
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
