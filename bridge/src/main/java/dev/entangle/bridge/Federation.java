package dev.entangle.bridge;

import dev.entangle.internal.federation.Address;
import dev.entangle.internal.federation.RouteTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A federation file: the hosts (each with the address and UDP port of its bridge), the routes (a context name, or
 * a glob of names, to the host where it lives), which host this is, and settings. The same file serves every host;
 * {@code --host} names this one where the file does not. One entry a line, {@code #} starts a comment:
 * <pre>
 * host  host1  10.0.0.1:40123
 * host  host2  10.0.0.2:40123  directory=/dev/shm/entangle-b  aeron-dir=/dev/shm/aeron-b
 * route billing   host2
 * route report-*  host2
 * self  host1
 * set   remote.liveness.ms  5000
 * </pre>
 * A host's optional {@code directory} and {@code aeron-dir} say where its bridge finds the shared directory and
 * puts its Aeron files, for hosts that differ from the defaults (several "hosts" on one machine, in tests).
 */
public final class Federation
{
    private static final Pattern ROUTE = Pattern.compile("[A-Za-z0-9._*?-]{1,64}");

    private final Map<String, Host> hosts;
    private final Map<String, String> routes;
    private final Map<String, String> settings;
    private final String self;
    private final String source;

    /**
     * One host of the federation.
     *
     * @param id         its id.
     * @param address    the address its bridge's UDP endpoint binds.
     * @param port       that endpoint's port.
     * @param attributes its optional attributes ({@code directory}, {@code aeron-dir}).
     */
    public record Host(String id, String address, int port, Map<String, String> attributes)
    {
        /**
         * @return {@code address:port}.
         */
        public String endpoint()
        {
            return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
        }
    }

    private Federation(final Map<String, Host> hosts, final Map<String, String> routes,
        final Map<String, String> settings, final String self, final String source)
    {
        this.hosts = Collections.unmodifiableMap(hosts);
        this.routes = Collections.unmodifiableMap(routes);
        this.settings = Collections.unmodifiableMap(settings);
        this.self = self;
        this.source = source;
    }

    /**
     * @param file a federation file.
     * @return its contents.
     * @throws IOException              when it cannot be read.
     * @throws IllegalArgumentException naming the line that is wrong.
     */
    public static Federation read(final Path file) throws IOException
    {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * @param text   a federation file's text.
     * @param source what to call it in errors.
     * @return its contents.
     * @throws IllegalArgumentException naming the line that is wrong.
     */
    public static Federation parse(final String text, final String source)
    {
        final Map<String, Host> hosts = new LinkedHashMap<>();
        final Map<String, String> routes = new LinkedHashMap<>();
        final Map<String, String> settings = new LinkedHashMap<>();
        String self = null;
        final String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++)
        {
            final int hash = lines[i].indexOf('#');
            final String line = (hash >= 0 ? lines[i].substring(0, hash) : lines[i]).trim();
            if (line.isEmpty())
            {
                continue;
            }
            final String[] words = line.split("\\s+");
            final String where = source + " line " + (i + 1) + ": ";
            switch (words[0])
            {
                case "host" -> addHost(hosts, words, where);
                case "route" ->
                {
                    expect(words.length == 3, where + "expected: route <name or glob> <host>");
                    expect(ROUTE.matcher(words[1]).matches(), where + "not a context name or glob: " + words[1]);
                    expect(!routes.containsKey(words[1]), where + "a second route for " + words[1]);
                    routes.put(words[1], words[2]);
                }
                case "self" ->
                {
                    expect(words.length == 2, where + "expected: self <host>");
                    self = words[1];
                }
                case "set" ->
                {
                    expect(words.length == 3, where + "expected: set <key> <value>");
                    settings.put(words[1], words[2]);
                }
                default -> throw new IllegalArgumentException(where + "unknown entry \"" + words[0] +
                    "\"; expected host, route, self or set");
            }
        }
        expect(!hosts.isEmpty(), source + ": names no host");
        routes.forEach((name, host) -> expect(hosts.containsKey(host),
            source + ": route " + name + " names the unknown host " + host));
        expect(self == null || hosts.containsKey(self), source + ": self names the unknown host " + self);
        return new Federation(hosts, routes, settings, self, source);
    }

    private static void addHost(final Map<String, Host> hosts, final String[] words, final String where)
    {
        expect(words.length >= 3, where + "expected: host <id> <address>:<port> [key=value ...]");
        final String id = words[1];
        expect(Address.HOST.matcher(id).matches(), where + "a host id must match " + Address.HOST + ": " + id);
        expect(!hosts.containsKey(id), where + "a second host " + id);
        final String endpoint = words[2];
        final int colon = endpoint.lastIndexOf(':');
        expect(colon > 0 && colon < endpoint.length() - 1, where + "expected <address>:<port>, found " + endpoint);
        String address = endpoint.substring(0, colon);
        if (address.startsWith("[") && address.endsWith("]"))
        {
            address = address.substring(1, address.length() - 1);
        }
        final int port;
        try
        {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(where + "not a port: " + endpoint.substring(colon + 1), ex);
        }
        expect(port > 0 && port < 65536, where + "port out of range: " + port);
        final Map<String, String> attributes = new LinkedHashMap<>();
        for (int w = 3; w < words.length; w++)
        {
            final int equals = words[w].indexOf('=');
            expect(equals > 0, where + "expected key=value, found " + words[w]);
            attributes.put(words[w].substring(0, equals), words[w].substring(equals + 1));
        }
        hosts.put(id, new Host(id, address, port, Collections.unmodifiableMap(attributes)));
    }

    private static void expect(final boolean condition, final String problem)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * @param host this host's id, or null to take the file's {@code self}.
     * @return the same federation, seen from {@code host}.
     * @throws IllegalArgumentException when neither names a host of the file.
     */
    public Federation as(final String host)
    {
        final String chosen = host != null ? host : self;
        expect(chosen != null, source + ": says no self, and no --host was given");
        expect(hosts.containsKey(chosen), source + ": names no host " + chosen + " (its hosts: " + hosts.keySet() +
            ")");
        return new Federation(new LinkedHashMap<>(hosts), new LinkedHashMap<>(routes), new LinkedHashMap<>(settings),
            chosen, source);
    }

    /**
     * @return this host's id, or null before {@link #as(String)}.
     */
    public String self()
    {
        return self;
    }

    /**
     * @return this host.
     */
    public Host selfHost()
    {
        return hosts.get(self);
    }

    /**
     * @return every host, in file order.
     */
    public Map<String, Host> hosts()
    {
        return hosts;
    }

    /**
     * @return every route, name or glob to host, in file order.
     */
    public Map<String, String> routes()
    {
        return routes;
    }

    /**
     * @param key a setting's key.
     * @return its value in the file, or null.
     */
    public String setting(final String key)
    {
        return settings.get(key);
    }

    /**
     * @return what the file was called.
     */
    public String source()
    {
        return source;
    }

    /**
     * @param bridgeName  the bridge's name in the directory.
     * @param maxMessage  the largest message the bridge carries.
     * @return the routes this host's bridge publishes in its directory.
     */
    public RouteTable routeTable(final String bridgeName, final int maxMessage)
    {
        final Map<String, String> inboxes = new LinkedHashMap<>();
        for (final String host : hosts.keySet())
        {
            if (!host.equals(self))
            {
                inboxes.put(host, inboxName(bridgeName, host));
            }
        }
        return new RouteTable(self, maxMessage, inboxes, routes);
    }

    /**
     * @param bridgeName the bridge's name.
     * @param host       another host.
     * @return the name whose inbox the bridge reads for messages to that host.
     */
    public static String inboxName(final String bridgeName, final String host)
    {
        return bridgeName + "." + host;
    }
}
