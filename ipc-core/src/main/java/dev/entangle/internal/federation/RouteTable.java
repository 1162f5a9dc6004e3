package dev.entangle.internal.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a host's bridge tells the contexts of its directory: which host this is, the hosts it reaches and the name
 * of its inbox for each, the context names (exact, or globs with {@code *} and {@code ?}) routed to each host, and
 * the largest message it carries. Immutable. Its text form, one entry a line:
 * <pre>
 * entangle-routes 1
 * self host1
 * max-message 2096640
 * host host2 entangle-bridge.host2
 * route billing host2
 * route report-* host2
 * </pre>
 * Exact names win over globs; globs are tried in order.
 */
public final class RouteTable
{
    /** The first line of the file. */
    public static final String HEADER = "entangle-routes 1";

    private final String self;
    private final int maxMessage;
    private final Map<String, String> inboxes;
    private final Map<String, String> routes;
    private final Map<String, String> exact = new LinkedHashMap<>();
    private final List<Glob> globs = new ArrayList<>();

    /**
     * Where a post to a name on another host goes: into the bridge's inbox for that host, carrying the target.
     *
     * @param host       the target's host.
     * @param inbox      the name whose inbox the bridge reads for that host.
     * @param target     the target, {@code name@host}.
     * @param maxMessage the largest message (envelope and payload) the bridge carries.
     */
    public record Route(String host, String inbox, String target, int maxMessage)
    {
    }

    private record Glob(Pattern pattern, String host)
    {
    }

    /**
     * @param self       this host's id.
     * @param maxMessage the largest message the bridge carries.
     * @param inboxes    each other host's id and the name of the bridge's inbox for it.
     * @param routes     name or glob, and the host it is routed to, in order.
     */
    public RouteTable(final String self, final int maxMessage, final Map<String, String> inboxes,
        final Map<String, String> routes)
    {
        this.self = self;
        this.maxMessage = maxMessage;
        this.inboxes = new LinkedHashMap<>(inboxes);
        routes.forEach((pattern, host) ->
        {
            if (pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0)
            {
                globs.add(new Glob(glob(pattern), host));
            }
            else
            {
                exact.put(pattern, host);
            }
        });
        this.routes = new LinkedHashMap<>(routes);
    }

    /**
     * @return this host's id.
     */
    public String self()
    {
        return self;
    }

    /**
     * @return the largest message the bridge carries.
     */
    public int maxMessage()
    {
        return maxMessage;
    }

    /**
     * @param name a local context name.
     * @return the host it is routed to, or null when it is not routed (or routed to this host).
     */
    public String remoteHostOf(final String name)
    {
        String host = exact.get(name);
        if (host == null)
        {
            for (final Glob glob : globs)
            {
                if (glob.pattern.matcher(name).matches())
                {
                    host = glob.host;
                    break;
                }
            }
        }
        return host == null || host.equals(self) ? null : host;
    }

    /**
     * @param address a name or {@code name@host}.
     * @return where a post to it goes, or null when it is a context of this host.
     * @throws IllegalStateException for {@code name@host} with a host the bridge does not reach.
     */
    public Route resolve(final String address)
    {
        final String explicit = Address.host(address);
        final String name = Address.name(address);
        final String host = explicit != null ? (explicit.equals(self) ? null : explicit) : remoteHostOf(name);
        if (host == null)
        {
            return null;
        }
        final String inbox = inboxes.get(host);
        if (inbox == null)
        {
            throw new IllegalStateException("\"" + address + "\" is on host " + host + ", which the bridge of this " +
                "directory does not reach (its hosts: " + inboxes.keySet() + ")");
        }
        return new Route(host, inbox, Address.of(name, host), maxMessage);
    }

    /**
     * @return each other host and the bridge's inbox name for it.
     */
    public Map<String, String> inboxes()
    {
        return Map.copyOf(inboxes);
    }

    /**
     * @return the text form.
     */
    public String format()
    {
        final StringBuilder text = new StringBuilder(HEADER).append('\n');
        text.append("self ").append(self).append('\n');
        text.append("max-message ").append(maxMessage).append('\n');
        inboxes.forEach((host, inbox) -> text.append("host ").append(host).append(' ').append(inbox).append('\n'));
        routes.forEach((pattern, host) -> text.append("route ").append(pattern).append(' ').append(host)
            .append('\n'));
        return text.toString();
    }

    /**
     * @param text the text form.
     * @return the table.
     * @throws IllegalArgumentException when it is not a routes file.
     */
    public static RouteTable parse(final String text)
    {
        final String[] lines = text.split("\n");
        if (lines.length == 0 || !HEADER.equals(lines[0].trim()))
        {
            throw new IllegalArgumentException("not a routes file: its first line is not \"" + HEADER + "\"");
        }
        String self = null;
        int maxMessage = 0;
        final Map<String, String> inboxes = new LinkedHashMap<>();
        final Map<String, String> routes = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++)
        {
            final String[] words = lines[i].trim().split("\\s+");
            if (words.length == 2 && "self".equals(words[0]))
            {
                self = words[1];
            }
            else if (words.length == 2 && "max-message".equals(words[0]))
            {
                maxMessage = Integer.parseInt(words[1]);
            }
            else if (words.length == 3 && "host".equals(words[0]))
            {
                inboxes.put(words[1], words[2]);
            }
            else if (words.length == 3 && "route".equals(words[0]))
            {
                routes.put(words[1], words[2]);
            }
            else if (!(words.length == 1 && words[0].isEmpty()))
            {
                throw new IllegalArgumentException("routes file line " + (i + 1) + " is not understood: " + lines[i]);
            }
        }
        if (self == null)
        {
            throw new IllegalArgumentException("routes file names no self host");
        }
        return new RouteTable(self, maxMessage, inboxes, routes);
    }

    /**
     * @param glob a name pattern with {@code *} (any run) and {@code ?} (one character).
     * @return the equivalent regular expression.
     */
    public static Pattern glob(final String glob)
    {
        final StringBuilder regex = new StringBuilder();
        for (final char c : glob.toCharArray())
        {
            if (c == '*')
            {
                regex.append(".*");
            }
            else if (c == '?')
            {
                regex.append('.');
            }
            else
            {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
