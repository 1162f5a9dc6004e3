package dev.entangle;

import dev.entangle.internal.loop.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loop none of whose sources has a listener rests until its next upkeep instead of looking at its doorbell every
 * millisecond. Whatever begins to listen must end the rest: these contexts' upkeep runs only every few minutes, so a
 * ring that the resting loop did not look at would not be heard within the test's wait.
 */
@Timeout(120)
class RestingLoopTest
{
    private static final Duration NO_UPKEEP = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private Contexts contexts;
    private Context resting;
    private Context other;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        resting = contexts.open("resting", builder -> builder.livenessInterval(NO_UPKEEP));
        other = contexts.open("other", builder -> builder.livenessInterval(NO_UPKEEP));
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    @Test
    void aLoopWithNothingListeningRestsAndAPortThatStartsListeningHearsTheNextMessage()
    {
        final MessageChannel channel = new MessageChannel(resting);
        final MessagePort sender = moveTo(other, channel.port1());
        awaitRest(resting);
        final Received got = new Received();
        channel.port2().onMessage(got);
        sender.postMessage("after the rest");
        assertEquals("after the rest", got.nextData());
    }

    @Test
    void aCloseListenerSetOnARestingLoopHearsThePeerClose()
    {
        final MessageChannel channel = new MessageChannel(resting);
        final MessagePort peer = moveTo(other, channel.port1());
        awaitRest(resting);
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        channel.port2().onClose(() -> closes.add("closed"));
        peer.close();
        assertEquals("closed", Await.next(closes));
    }

    @Test
    void aLowWaterListenerSetOnARestingLoopHearsTheDrop()
    {
        final MessageChannel channel = new MessageChannel(resting);
        final MessagePort reader = moveTo(other, channel.port2());
        for (int i = 0; i < 10; i++)
        {
            channel.port1().postMessage(new byte[1000]);
        }
        awaitRest(resting);
        final LinkedBlockingQueue<Long> lows = new LinkedBlockingQueue<>();
        channel.port1().onBufferedAmountLow(() -> lows.add(channel.port1().bufferedAmount()));
        for (int i = 0; i < 10; i++)
        {
            assertTrue(reader.receiveMessage().isPresent());
        }
        assertEquals(0L, Await.next(lows));
    }

    @Test
    void anInboxListenerSetOnARestingLoopHearsEveryMessageThatFollows()
    {
        awaitRest(resting);
        final Received got = new Received();
        resting.onMessage(got);
        other.window(resting.name()).postMessage("first", "*", List.of());
        assertEquals("first", got.nextData());
        other.window(resting.name()).postMessage("second", "*", List.of());
        assertEquals("second", got.nextData());
    }

    @Test
    void aBroadcastListenerSetOnARestingLoopHearsTheNextBroadcast()
    {
        try (BroadcastChannel listening = new BroadcastChannel(resting, "news");
            BroadcastChannel sending = new BroadcastChannel(other, "news"))
        {
            awaitRest(resting);
            final Received got = new Received();
            listening.onMessage(got);
            sending.postMessage("first");
            assertEquals("first", got.nextData());
            sending.postMessage("second");
            assertEquals("second", got.nextData());
        }
    }

    @Test
    void aLoopThatHasAListenerDoesNotRest()
    {
        final MessageChannel channel = new MessageChannel(resting);
        final MessagePort sender = moveTo(other, channel.port1());
        final Received got = new Received();
        channel.port2().onMessage(got);
        for (int i = 0; i < 20; i++)
        {
            Await.quietPeriod(50);
            assertTrue(!isResting(resting), "a loop with a started port rests");
        }
        sender.postMessage("heard");
        assertEquals("heard", got.nextData());
    }

    private static void awaitRest(final Context context)
    {
        Await.until("the loop of " + context.name() + " rests", () -> isResting(context));
    }

    private static boolean isResting(final Context context)
    {
        return LockSupport.getBlocker(context.core().loopThread()) instanceof EventLoop;
    }

    private MessagePort moveTo(final Context context, final MessagePort port)
    {
        final Received arrivals = new Received();
        context.onMessage(arrivals);
        resting.window(context.name()).postMessage("port", "*", List.of(port));
        return arrivals.next().ports().get(0);
    }
}
