package dev.entangle.cli;

import dev.entangle.BroadcastChannel;
import dev.entangle.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broadcast channel with receivers in other JVMs: {@code inspect} names each receiver's process and context,
 * what it read and what waits for it; after {@code kill -9} of one, its slot stays, shown dead, until a writer or a
 * sweep frees it.
 */
@Timeout(180)
class BroadcastLiveIT
{
    private static final int MESSAGES = 4;

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    private ChildProcess peer(final String context, final String role)
    {
        final ChildProcess child = ChildProcess.java(BroadcastPeerMain.class, dir.toString(), context, "prices", role);
        resources.add(child);
        child.awaitLine("ready");
        return child;
    }

    @Test
    void showsAReceiverInAnotherJvmWithItsBacklogAndShowsItDeadAfterKill()
    {
        final Context alice = Context.builder().directory(dir).name("alice").open();
        resources.add(alice);
        final BroadcastChannel sender = new BroadcastChannel(alice, "prices");
        resources.add(sender);
        sender.onMessage(event -> { });
        final ChildProcess bob = peer("bob", "hold");
        final ChildProcess carol = peer("carol", "listen");
        for (int i = 0; i < MESSAGES; i++)
        {
            sender.postMessage("price " + i);
        }
        carol.awaitLine("got price " + (MESSAGES - 1));
        Await.until("alice and carol read everything", () ->
        {
            final Map<String, Object> prices = Cli.broadcast(Cli.inspect(dir), "prices");
            return Cli.receiver(prices, "alice").get("backlogBytes").equals(0L) &&
                Cli.receiver(prices, "carol").get("backlogBytes").equals(0L);
        });

        final Map<String, Object> prices = Cli.broadcast(Cli.inspect(dir), "prices");
        final Cli.Result text = Cli.run(dir, "inspect");

        final long written = (Long)prices.get("bytesWritten");
        assertEquals((long)MESSAGES, prices.get("messagesWritten"));
        final Map<String, Object> bobView = Cli.receiver(prices, "bob");
        assertEquals(bob.pid(), bobView.get("pid"));
        assertEquals(true, bobView.get("alive"));
        assertEquals("active", bobView.get("state"));
        assertEquals(written, bobView.get("backlogBytes"), "bob holds: all that was written waits for him");
        assertEquals(0L, bobView.get("messagesRead"));
        final Map<String, Object> carolView = Cli.receiver(prices, "carol");
        assertEquals(carol.pid(), carolView.get("pid"));
        assertEquals((long)MESSAGES, carolView.get("messagesRead"));
        assertEquals(written, carolView.get("readUpToBytes"), "carol joined before anything was written");
        final String bobRow = BroadcastInspectTest.row(text.out(), "bob");
        assertTrue(bobRow.contains(" " + bob.pid() + " "), bobRow);
        assertTrue(bobRow.endsWith(" " + Formats.bytes(written)), bobRow);

        bob.kill();

        final Map<String, Object> afterKill = Cli.broadcast(Cli.inspect(dir), "prices");
        final Cli.Result textAfterKill = Cli.run(dir, "inspect");

        final Map<String, Object> deadBob = Cli.receiver(afterKill, "bob");
        assertEquals(false, deadBob.get("alive"), "killed: " + deadBob);
        assertEquals(bob.pid(), deadBob.get("pid"), "its pid stays on record");
        assertEquals(bobView.get("slot"), deadBob.get("slot"));
        assertEquals(written, deadBob.get("backlogBytes"));
        assertEquals(true, Cli.receiver(afterKill, "carol").get("alive"));
        assertTrue(BroadcastInspectTest.row(textAfterKill.out(), "bob").contains(" " + bob.pid() + " (dead) "),
            textAfterKill.out());
        assertTrue(BroadcastInspectTest.row(textAfterKill.out(), "carol").contains(" " + carol.pid() + " "),
            textAfterKill.out());
    }
}
