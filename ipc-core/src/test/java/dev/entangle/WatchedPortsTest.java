package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A port whose loop looks at it every cycle (it received lately), or that a thread polls, tells its peer not to ring
 * the loop for each message. Whenever it stops being looked at that way, rings must resume: these contexts' upkeep,
 * which would otherwise wake a port that has something waiting, runs only every few minutes, so a message that no
 * ring announced would not arrive within the test's wait.
 */
@Timeout(120)
class WatchedPortsTest
{
    private static final Duration NO_UPKEEP = Duration.ofMinutes(5);
    /** Longer than a loop keeps watching a port that has gone quiet. */
    private static final long QUIET_MILLIS = 300;

    @TempDir
    Path dir;

    private Contexts contexts;
    private Context a;
    private Context b;
    private Context c;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        a = contexts.open("a", builder -> builder.livenessInterval(NO_UPKEEP));
        b = contexts.open("b", builder -> builder.livenessInterval(NO_UPKEEP));
        c = contexts.open("c", builder -> builder.livenessInterval(NO_UPKEEP));
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    @Test
    void aPortThatWentQuietIsRungAgain()
    {
        final MessageChannel channel = new MessageChannel(a);
        final MessagePort there = moveTo(b, channel.port2());
        final Received got = listenThroughABurst(channel.port1(), there);
        Await.quietPeriod(QUIET_MILLIS);
        channel.port1().postMessage("after a pause");
        assertEquals("after a pause", got.nextData());
    }

    @Test
    void aPortMovedAwayWhileItsLoopWatchedItIsRungWhereItArrives()
    {
        final MessageChannel channel = new MessageChannel(a);
        final MessagePort atB = moveTo(b, channel.port2());
        listenThroughABurst(channel.port1(), atB);
        final Received atC = new Received();
        c.onMessage(atC);
        b.window("c").postMessage("port", "*", List.of(atB));
        final MessagePort atCPort = atC.next().ports().get(0);
        final Received gotAtC = new Received();
        atCPort.onMessage(gotAtC);
        channel.port1().postMessage("to the new owner");
        assertEquals("to the new owner", gotAtC.nextData());
    }

    @Test
    void aListenerSetAfterAThreadPolledHearsWhatCameMeanwhile()
    {
        final MessageChannel channel = new MessageChannel(a);
        final MessagePort there = moveTo(b, channel.port2());
        assertEquals(0, there.receiveMessage().stream().count(), "nothing yet; the thread now polls the port");
        channel.port1().postMessage("while polled");
        Await.quietPeriod(QUIET_MILLIS);
        final Received got = new Received();
        there.onMessage(got);
        assertEquals("while polled", got.nextData());
    }

    /**
     * Listens on {@code receiver} while {@code sender} posts a burst, so that the receiver's loop watches it.
     */
    private static Received listenThroughABurst(final MessagePort sender, final MessagePort receiver)
    {
        final Received got = new Received();
        receiver.onMessage(got);
        for (int i = 0; i < 200; i++)
        {
            sender.postMessage(i);
        }
        assertEquals(199, got.nextData(200).get(199));
        return got;
    }

    private MessagePort moveTo(final Context context, final MessagePort port)
    {
        final Received arrivals = new Received();
        context.onMessage(arrivals);
        a.window(context.name()).postMessage("port", "*", List.of(port));
        return arrivals.next().ports().get(0);
    }
}
