package dev.entangle.bridge;

import dev.entangle.internal.federation.RouteTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The federation file: what it says, what it refuses (naming the line), and the settings and routes a bridge takes
 * from it.
 */
class FederationTest
{
    private static final String FILE = String.join("\n",
        "# two hosts",
        "host host1 10.0.0.1:40123",
        "host host2 [fd00::2]:40124 directory=/tmp/b aeron-dir=/tmp/ab   # a comment",
        "",
        "route billing host2",
        "route report-* host2",
        "route orders host1",
        "self host1",
        "set remote.liveness.ms 2000",
        "set bridge.threading shared");

    @Test
    void readsHostsRoutesSelfAndSettings()
    {
        final Federation federation = Federation.parse(FILE, "test");
        assertEquals("host1", federation.self());
        assertEquals("10.0.0.1:40123", federation.hosts().get("host1").endpoint());
        assertEquals("[fd00::2]:40124", federation.hosts().get("host2").endpoint());
        assertEquals("/tmp/b", federation.hosts().get("host2").attributes().get("directory"));
        final BridgeSettings settings = BridgeSettings.settle(federation.as("host2"), null, null);
        assertEquals(Path.of("/tmp/b"), settings.directory());
        assertEquals(Path.of("/tmp/ab"), settings.aeronDirectory());
        assertEquals(2_000_000_000L, settings.livenessNanos());
        assertEquals(io.aeron.driver.ThreadingMode.SHARED, settings.threading());
        assertEquals(16 << 20, settings.termLength());
        final RouteTable routes = federation.routeTable("entangle-bridge", 1000);
        assertEquals("host2", routes.remoteHostOf("report-9"));
        assertNull(routes.remoteHostOf("orders"));
        assertEquals("entangle-bridge.host2", routes.resolve("billing").inbox());
    }

    @Test
    void refusesWhatItCannotUseNamingTheLine()
    {
        assertRefused("host h1 nowhere", "line 1");
        assertRefused("host h1 10.0.0.1:99999", "port out of range");
        assertRefused("host h.1 10.0.0.1:1", "host id");
        assertRefused("host h1 10.0.0.1:1\nroute billing h2", "unknown host h2");
        assertRefused("host h1 10.0.0.1:1\nroute bill@ing h1", "line 2");
        assertRefused("host h1 10.0.0.1:1\nhost h1 10.0.0.2:1", "a second host");
        assertRefused("host h1 10.0.0.1:1\nfrobnicate", "unknown entry");
        assertRefused("host h1 10.0.0.1:1\nself h9", "unknown host h9");
        assertRefused("# nothing", "names no host");
        final Federation noSelf = Federation.parse("host h1 10.0.0.1:1", "test");
        assertThrows(IllegalArgumentException.class, () -> noSelf.as(null));
        assertThrows(IllegalArgumentException.class, () -> noSelf.as("h2"));
        assertThrows(IllegalArgumentException.class, () -> BridgeSettings.settle(
            Federation.parse("host h1 10.0.0.1:1\nset bridge.term.length 3000", "test").as("h1"), null, null));
    }

    private static void assertRefused(final String text, final String expected)
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Federation.parse(text, "test"));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
