package dev.entangle;

import dev.entangle.internal.broadcast.BroadcastDescriptor;
import dev.entangle.internal.broadcast.BroadcastFile;
import dev.entangle.internal.fs.SafeFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BroadcastChannel across real JVMs: each sender's order seen by every receiver, a receiver killed with kill -9
 * that stops holding the others back and whose space is given back, a gibibyte through a channel in bounded space,
 * and the sweep of a channel whose every participant died.
 */
@Timeout(300)
class BroadcastIT
{
    private static final long DEFAULT_LIMIT = 64L << 20;
    private static final Pattern MISSED = Pattern.compile("missed (\\d+) messages");

    @TempDir
    Path dir;

    private final List<PeerProcess> peers = new ArrayList<>();
    private final LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final List<Context> opened = new ArrayList<>();

    @BeforeEach
    void noPeersYet()
    {
        peers.clear();
    }

    @AfterEach
    void cleanUp()
    {
        peers.forEach(PeerProcess::close);
        for (int i = opened.size() - 1; i >= 0; i--)
        {
            opened.get(i).close();
        }
    }

    private Context open(final String name, final long limit)
    {
        final Context context = Context.builder().directory(dir).name(name).maxBufferedAmount(limit)
            .errorHandler(errors::add).open();
        opened.add(context);
        return context;
    }

    private PeerProcess peer(final String name, final String channel, final long limit, final String... role)
    {
        final List<String> args = new ArrayList<>(List.of(dir.toString(), name, channel, Long.toString(limit)));
        args.addAll(List.of(role));
        final PeerProcess peer = PeerProcess.launch(BroadcastPeer.class, args.toArray(new String[0]));
        peers.add(peer);
        peer.awaitLine("ready");
        return peer;
    }

    private Path folder(final String channel)
    {
        return dir.resolve("broadcast").resolve(BroadcastDescriptor.key("null", channel));
    }

    private long folderBytes(final String channel)
    {
        long total = 0;
        for (final Path file : SafeFiles.list(folder(channel)))
        {
            total += Math.max(0, SafeFiles.sizeOf(file));
        }
        return total;
    }

    @Test
    void everyReceiverSeesEachSendersTenThousandMessagesInOrderNoneMissing()
    {
        final int count = 10_000;
        final PeerProcess senderA = peer("sender-a", "order", DEFAULT_LIMIT, "lossless", "send", "A", "" + count,
            "" + count);
        final PeerProcess senderB = peer("sender-b", "order", DEFAULT_LIMIT, "lossless", "send", "B", "" + count,
            "" + count);
        final List<Map<String, Integer>> seen = new ArrayList<>();
        final List<BroadcastChannel> receivers = new ArrayList<>();
        final LinkedBlockingQueue<String> problems = new LinkedBlockingQueue<>();
        for (int r = 0; r < 2; r++)
        {
            final BroadcastChannel receiver = new BroadcastChannel(open("receiver-" + r, DEFAULT_LIMIT), "order");
            final Map<String, Integer> next = new HashMap<>();
            receiver.onMessage(event ->
            {
                if (!(event.data() instanceof List<?> data))
                {
                    return;
                }
                final String tag = (String)data.get(0);
                final int number = (Integer)data.get(1);
                final int expected = next.getOrDefault(tag, 0);
                if (number != expected)
                {
                    problems.add(tag + " " + number + " where " + expected + " was due");
                }
                next.put(tag, number + 1);
            });
            receiver.onMessageError(event -> problems.add("messageerror"));
            seen.add(next);
            receivers.add(receiver);
        }
        try (BroadcastChannel control = new BroadcastChannel(open("control", DEFAULT_LIMIT), "order"))
        {
            control.postMessage("go");
            senderA.awaitLine("sent " + count);
            senderB.awaitLine("sent " + count);
            senderA.awaitLine("complete B " + count);
            senderB.awaitLine("complete A " + count);
            for (final Map<String, Integer> next : seen)
            {
                Await.until("a receiver here has both runs",
                    () -> next.getOrDefault("A", 0) == count && next.getOrDefault("B", 0) == count);
            }
            assertTrue(problems.isEmpty(), "out of order, missing or undecodable: " + problems);
            assertTrue(errors.isEmpty(), "errors: " + errors);
        }
        finally
        {
            receivers.forEach(BroadcastChannel::close);
        }
    }

    @Test
    void aReceiverKilledWithKillMinusNineStopsCountingAndItsSpaceIsGivenBack()
    {
        final Context senderContext = open("sender", DEFAULT_LIMIT);
        final PeerProcess holder = peer("holder", "killed", DEFAULT_LIMIT, "lossy", "hold");
        final int payload = 64 << 10;
        final int messages = 384;
        try (BroadcastChannel sender = new BroadcastChannel(senderContext, "killed");
            BroadcastChannel receiver = new BroadcastChannel(open("receiver", DEFAULT_LIMIT), "killed"))
        {
            sender.onMessage(event -> { });
            final Received received = new Received();
            receiver.onMessage(received);
            for (int i = 0; i < messages; i++)
            {
                sender.postMessage(List.of("S", i, new byte[payload]));
            }
            for (int i = 0; i < messages; i++)
            {
                assertEquals(i, ((List<?>)received.nextData()).get(1));
            }
            final long held = folderBytes("killed");
            assertTrue(held > (long)messages * payload, "a live receiver that reads nothing holds everything: " +
                held + " bytes");

            holder.kill();
            final int[] next = {messages};
            Await.until("the space the dead receiver held is given back", () ->
            {
                sender.postMessage(List.of("S", next[0]++, new byte[1024]));
                return folderBytes("killed") < 1 << 20;
            });
            for (int i = messages; i < next[0]; i++)
            {
                assertEquals(i, ((List<?>)received.nextData()).get(1), "the others go on");
            }
            assertEquals(2, participants("killed"), "the dead receiver's slot was freed");
            assertTrue(errors.isEmpty(), "errors: " + errors);
        }
    }

    @Test
    void aGibibyteGoesThroughInBoundedSpace()
    {
        final long limit = 4L << 20;
        final int payload = 64 << 10;
        final int messages = (int)((1L << 30) / payload);
        final long bound = 10 * limit;
        final PeerProcess listener = peer("listener", "gib", limit, "lossy", "listen", "" + messages);
        final LinkedBlockingQueue<Throwable> hereErrors = new LinkedBlockingQueue<>();
        final Context hereContext = Context.builder().directory(dir).name("here").maxBufferedAmount(limit)
            .errorHandler(hereErrors::add).open();
        opened.add(hereContext);
        long largest = 0;
        try (BroadcastChannel sender = new BroadcastChannel(open("sender", limit), "gib");
            BroadcastChannel here = new BroadcastChannel(hereContext, "gib"))
        {
            sender.onMessage(event -> { });
            final AtomicLong receivedHere = new AtomicLong();
            here.onMessage(event -> receivedHere.incrementAndGet());
            final byte[] bytes = new byte[payload];
            for (int i = 0; i < messages; i++)
            {
                // Paced by the receiver here, so that the gibibyte is read, not skipped; the other is not waited for.
                while (i - receivedHere.get() - missed(hereErrors) > 32)
                {
                    Thread.yield();
                }
                sender.postMessage(List.of("S", i, bytes));
                if (i % 64 == 0)
                {
                    largest = Math.max(largest, folderBytes("gib"));
                    assertTrue(largest < bound, "the folder holds " + largest + " bytes after " + i + " messages");
                }
            }
            listener.awaitLine("total " + messages);
            Await.until("every message was received here or counted missed", () ->
                receivedHere.get() + missed(hereErrors) == messages);
            System.out.println("a gibibyte through a broadcast channel: the folder held at most " + largest +
                " bytes (bound " + bound + "); received here " + receivedHere.get() + " of " + messages);
        }
    }

    @Test
    void aChannelWhoseEveryParticipantDiedIsSwept()
    {
        final PeerProcess first = peer("first", "swept", DEFAULT_LIMIT, "lossy", "hold");
        final PeerProcess second = peer("second", "swept", DEFAULT_LIMIT, "lossy", "hold");
        assertTrue(SafeFiles.exists(folder("swept")));
        first.kill();
        second.kill();
        // A context that opens asks its runtime to sweep the directory.
        open("sweeper", DEFAULT_LIMIT);
        Await.until("the folder of dead participants is removed", () -> !SafeFiles.exists(folder("swept")));
    }

    private int participants(final String channel)
    {
        final BroadcastFile file = BroadcastFile.openExisting(folder(channel));
        assertNotNull(file);
        try
        {
            int held = 0;
            for (int slot = 0; slot < file.slotsUsed(); slot++)
            {
                held += file.state(slot) == BroadcastDescriptor.FREE ? 0 : 1;
            }
            return held;
        }
        finally
        {
            file.close();
        }
    }

    private static long missed(final LinkedBlockingQueue<Throwable> errors)
    {
        long missed = 0;
        for (final Throwable error : errors)
        {
            final Matcher matcher = MISSED.matcher(String.valueOf(error.getMessage()));
            if (matcher.find())
            {
                missed += Long.parseLong(matcher.group(1));
            }
        }
        return missed;
    }
}
