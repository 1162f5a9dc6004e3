package dev.entangle.cli;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tool against two live JVMs: a context in this one, another in a child process. What it reads from the files
 * must agree with what the library says: names, pids, owners, a port in transit, a backlog; and what a context whose
 * process was killed left behind stays readable: its status, counters, settings and error log.
 */
@Timeout(180)
class LiveSystemIT
{
    private static final int BACKLOG = 10;
    private static final String PAYLOAD = "x".repeat(100);

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private Context alice;
    private ChildProcess bob;

    @BeforeEach
    void open()
    {
        alice = Context.builder().directory(dir).name("alice").origin("https://alice.example").open();
        resources.add(alice);
        bob = ChildProcess.java(PeerMain.class, dir.toString(), "bob");
        resources.add(bob);
        bob.awaitLine("ready");
    }

    @AfterEach
    void close() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    @Test
    void showsNamesPidsOwnersAPortInTransitAndABacklog()
    {
        final MessageChannel toBob = new MessageChannel(alice);
        alice.window("bob").postMessage("take this", "*", List.of(toBob.port2()));
        bob.awaitLine("got take this with 1 port(s)");
        final MessageChannel toNobody = new MessageChannel(alice);
        alice.window("nobody").postMessage("for whoever opens nobody", "*", List.of(toNobody.port2()));
        final MessageChannel backlog = new MessageChannel(alice);
        for (int i = 0; i < BACKLOG; i++)
        {
            backlog.port1().postMessage(PAYLOAD);
        }

        final Map<String, Object> inspection = Cli.inspect(dir);

        assertEquals(dir.toAbsolutePath().normalize().toString(), inspection.get("directory"));
        final Map<String, Object> aliceView = Cli.context(inspection, "alice");
        assertEquals(ProcessHandle.current().pid(), aliceView.get("pid"));
        assertEquals(true, aliceView.get("alive"));
        assertEquals("live", aliceView.get("status"));
        assertEquals("https://alice.example", aliceView.get("origin"));
        final Map<String, Object> bobView = Cli.context(inspection, "bob");
        assertEquals(bob.pid(), bobView.get("pid"));
        assertEquals(true, bobView.get("alive"));
        assertEquals("null", bobView.get("origin"));
        final Map<String, Object> nobodyView = Cli.context(inspection, "nobody");
        assertEquals(false, nobodyView.get("alive"));
        assertEquals("unclaimed", nobodyView.get("status"));
        assertEquals(1L, nobodyView.get("inboxWaitingMessages"));
        assertTrue((Long)nobodyView.get("inboxBufferedBytes") > 0);

        final List<Map<String, Object>> channels = Cli.channels(inspection);
        assertEquals(3, channels.size(), "three channels: " + channels);
        final Map<String, Object> shared = only(channels, "b", "owner", "bob");
        assertEquals("alice", Cli.side(shared, "a").get("owner"));
        assertEquals(ProcessHandle.current().pid(), Cli.side(shared, "a").get("ownerPid"));
        assertEquals(bob.pid(), Cli.side(shared, "b").get("ownerPid"));
        assertEquals(true, Cli.side(shared, "b").get("ownerAlive"));

        final Map<String, Object> travelling = only(channels, "b", "state", "in transit");
        assertEquals("nobody", Cli.side(travelling, "b").get("inTransitTo"));
        assertEquals("inbox", Cli.side(travelling, "b").get("custodian"));
        assertNull(Cli.side(travelling, "b").get("owner"));
        assertEquals("alice", Cli.side(travelling, "a").get("owner"));

        final Map<String, Object> backedUp = only(channels, "a", "messagesSent", (long)BACKLOG);
        assertEquals(backlog.port1().bufferedAmount(), Cli.side(backedUp, "a").get("bufferedAmount"));
        assertTrue(backlog.port1().bufferedAmount() >= BACKLOG * PAYLOAD.length());
        assertEquals((long)BACKLOG, Cli.side(backedUp, "b").get("waitingMessages"));
        assertEquals(0L, Cli.side(backedUp, "b").get("messagesReceived"));
        assertEquals(0L, Cli.side(backedUp, "b").get("bufferedAmount"));
        assertEquals(false, Cli.side(backedUp, "b").get("started"), "messages wait: the receiver was not started");
        assertNull(Cli.side(travelling, "b").get("started"), "a port in transit has no owner to start it");

        final List<Object> doorbellOwners = new ArrayList<>();
        for (final Object bell : JsonParser.array(inspection.get("doorbells")))
        {
            doorbellOwners.add(JsonParser.object(bell).get("context"));
        }
        assertTrue(doorbellOwners.containsAll(List.of("alice", "bob")), doorbellOwners.toString());

        final Cli.Result text = Cli.run(dir, "inspect");
        assertEquals(0, text.exitCode());
        assertTrue(text.out().contains("-> inbox of nobody"), text.out());
        assertTrue(text.out().contains(" " + bob.pid() + " "), text.out());
    }

    @Test
    void aContextWhoseProcessWasKilledShowsDead()
    {
        final MessageChannel toBob = new MessageChannel(alice);
        alice.window("bob").postMessage("take this", "*", List.of(toBob.port2()));
        bob.awaitLine("got take this with 1 port(s)");
        assertEquals(true, Cli.context(Cli.inspect(dir), "bob").get("alive"));

        bob.kill();

        final Map<String, Object> inspection = Cli.inspect(dir);
        final Map<String, Object> bobView = Cli.context(inspection, "bob");
        assertEquals(false, bobView.get("alive"));
        assertEquals("dead", bobView.get("status"));
        assertEquals(bob.pid(), bobView.get("pid"), "the dead holder's pid stays on record");
        assertEquals(true, Cli.context(inspection, "alice").get("alive"));
        final Map<String, Object> bobSide = Cli.side(only(Cli.channels(inspection), "b", "ownerPid", bob.pid()),
            "b");
        assertEquals(false, bobSide.get("ownerAlive"));
    }

    @Test
    void whatAKilledContextLeftStaysReadableAndItsErrorsSurviveTheNextHolder()
    {
        alice.window("bob").postMessage("throw", "*");
        bob.awaitLine("got throw with 0 port(s)");
        Await.until("bob's error log has the error", () -> Cli.run(dir, "errors").out().contains(
            "java.lang.IllegalStateException: provoked in bob by the test"));

        bob.kill();

        final Cli.Result counters = Cli.run(dir, "counters");
        assertTrue(counters.out().contains("bob\n"), counters.out());
        assertTrue(counters.out().contains("messages received               1"), counters.out());
        final Cli.Result config = Cli.run(dir, "config", "--all");
        assertTrue(config.out().contains("Context bob (pid " + bob.pid() + ", dead):"), config.out());
        assertTrue(config.out().contains("Context alice (pid " + ProcessHandle.current().pid() + ", live):"),
            config.out());
        assertTrue(Cli.run(dir, "errors").out().contains("bob, pid " + bob.pid() + ", dead: 1 distinct error"));

        resources.add(Context.builder().directory(dir).name("bob").open());
        final Cli.Result errors = Cli.run(dir, "errors");

        assertTrue(errors.out().contains("bob, pid " + ProcessHandle.current().pid() + ", live: 0 distinct errors"),
            errors.out());
        assertTrue(errors.out().contains("bob (previous holder), pid " + bob.pid() + ", ended: 1 distinct error"),
            errors.out());
        assertTrue(errors.out().contains("provoked in bob by the test"), errors.out());
    }

    private static Map<String, Object> only(
        final List<Map<String, Object>> channels, final String side, final String field, final Object value)
    {
        final List<Map<String, Object>> matches = new ArrayList<>();
        for (final Map<String, Object> channel : channels)
        {
            if (value.equals(Cli.side(channel, side).get(field)))
            {
                matches.add(channel);
            }
        }
        assertEquals(1, matches.size(), "one channel whose side " + side + " has " + field + " " + value + ": " +
            channels);
        return matches.get(0);
    }
}
