package dev.entangle;

import dev.entangle.internal.federation.RouteCache;
import dev.entangle.internal.federation.RouteTable;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.lane.LaneReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's side of contexts on other hosts, without a bridge running: the routes a bridge publishes send a
 * post for a routed name (or {@code name@host}) into the bridge's inbox for that host, with the target's address;
 * a routed name cannot be opened here; what the bridge cannot carry is refused at {@code postMessage}.
 */
@Timeout(60)
class RoutingTest
{
    @TempDir
    Path dir;

    private Contexts contexts;

    @AfterEach
    void close()
    {
        if (contexts != null)
        {
            contexts.close();
        }
    }

    private void publish(final int maxMessage) throws Exception
    {
        final Map<String, String> routes = new LinkedHashMap<>();
        routes.put("billing", "host2");
        routes.put("report-*", "host2");
        routes.put("orders", "host1");
        final Path folder = dir.resolve("bridge");
        Files.createDirectories(folder);
        RouteCache.publish(folder, new RouteTable("host1", maxMessage, Map.of("host2", "bridge.host2"), routes));
        contexts = new Contexts(dir);
    }

    @Test
    void theRoutesFileReadsBackAndResolvesNames()
    {
        final Map<String, String> routes = new LinkedHashMap<>();
        routes.put("report-*", "host3");
        routes.put("report-x", "host2");
        routes.put("local", "host1");
        final RouteTable table = RouteTable.parse(new RouteTable("host1", 1000,
            Map.of("host2", "b.host2", "host3", "b.host3"), routes).format());
        assertEquals("host2", table.remoteHostOf("report-x"), "an exact name wins over a glob");
        assertEquals("host3", table.remoteHostOf("report-y"));
        assertNull(table.remoteHostOf("local"), "routed to this host");
        assertNull(table.resolve("anything"));
        assertNull(table.resolve("local@host1"));
        assertEquals(new RouteTable.Route("host3", "b.host3", "x@host3", 1000), table.resolve("x@host3"));
        assertThrows(IllegalStateException.class, () -> table.resolve("x@host9"));
        assertThrows(IllegalArgumentException.class, () -> RouteTable.parse("something else\n"));
    }

    @Test
    void aPostToARoutedNameGoesToTheBridgesInboxWithItsAddress() throws Exception
    {
        publish(1 << 20);
        final Context orders = contexts.open("orders", b -> b.origin("https://orders.example"));
        orders.window("billing").postMessage("one", "*");
        orders.window("report-7").postMessage("two");
        orders.window("elsewhere@host2").postMessage("three", "*");
        orders.window("orders@host1").postMessage("four", "*");
        final List<String> forwarded = forwardedTo("bridge.host2");
        assertEquals(List.of("billing@host2 from orders https://orders.example *",
            "report-7@host2 from orders https://orders.example https://orders.example",
            "elsewhere@host2 from orders https://orders.example *"), forwarded);
        assertTrue(Files.exists(dir.resolve("contexts").resolve("orders")), "orders@host1 is this host's orders");
        assertTrue(!Files.exists(dir.resolve("contexts").resolve("billing")), "nothing waits here for billing");
    }

    private List<String> forwardedTo(final String inbox)
    {
        final List<String> seen = new java.util.ArrayList<>();
        try (ContextRecord record = ContextRecord.openExisting(dir.resolve("contexts").resolve(inbox));
            LaneReader reader = new LaneReader(record.inbox(), record.inbox().readerLine().privateCopy(),
                record.inboxFiles(), false))
        {
            final Envelope.Parsed parsed = new Envelope.Parsed();
            while (reader.poll((type, buffer, offset, length) ->
            {
                assertEquals(Envelope.WINDOW_FORWARD, type);
                parsed.parse(type, buffer, offset, length);
                seen.add(parsed.targetAddress + " from " + parsed.senderName + " " + parsed.senderOrigin + " " +
                    parsed.targetOrigin);
            }) > 0)
            {
                // Each forwarded message, in order.
            }
        }
        return seen;
    }

    @Test
    void aRoutedNameCannotBeOpenedHere() throws Exception
    {
        publish(1 << 20);
        assertThrows(IllegalStateException.class, () -> contexts.open("billing"));
        assertThrows(IllegalStateException.class, () -> contexts.open("report-1"));
        contexts.open("orders").close();
    }

    @Test
    void aMessageTheBridgeCannotCarryIsRefusedAndNothingIsDetached() throws Exception
    {
        publish(64 << 10);
        final Context orders = contexts.open("orders");
        final MessageChannel channel = new MessageChannel(orders);
        assertThrows(DataCloneException.class,
            () -> orders.window("billing").postMessage(new byte[128 << 10], "*", List.of(channel.port2())));
        orders.window("billing").postMessage(new byte[16 << 10], "*", List.of(channel.port2()));
        assertEquals(1, forwardedTo("bridge.host2").size());
    }

    @Test
    void addressesOnOtherHostsNeedABridge()
    {
        contexts = new Contexts(dir);
        final Context orders = contexts.open("orders");
        assertThrows(IllegalStateException.class, () -> orders.window("billing@host2").postMessage("x"));
        assertThrows(IllegalArgumentException.class, () -> orders.window("billing@"));
        assertThrows(IllegalArgumentException.class, () -> orders.window("bill ing@host2"));
        assertThrows(IllegalArgumentException.class, () -> Context.builder().name("billing@host2"));
    }
}
