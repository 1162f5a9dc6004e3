package dev.entangle;

import java.nio.file.Path;

/**
 * Where everything lives inside a context directory.
 * <pre>
 * &lt;directory&gt;/
 *   contexts/&lt;name&gt;/lock      held (file lock) by the live context of that name
 *   contexts/&lt;name&gt;/context   its liveness record (ContextRecord)
 *   contexts/&lt;name&gt;/inbox/    the queue of messages posted to the name
 *   channels/&lt;id&gt;/ports      the channel's handshake file (PortRecords)
 *   channels/&lt;id&gt;/a/         queue port1 -&gt; port2
 *   channels/&lt;id&gt;/b/         queue port2 -&gt; port1
 * </pre>
 */
final class Layout
{
    private final Path root;

    Layout(final Path root)
    {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root()
    {
        return root;
    }

    Path contexts()
    {
        return root.resolve("contexts");
    }

    Path context(final String name)
    {
        return contexts().resolve(name);
    }

    Path inbox(final String name)
    {
        return context(name).resolve("inbox");
    }

    Path doorbells()
    {
        return root.resolve("doorbells");
    }

    Path doorbell(final long contextId)
    {
        return doorbells().resolve(String.format("%016x", contextId));
    }

    Path channels()
    {
        return root.resolve("channels");
    }

    Path channel(final long high, final long low)
    {
        return channels().resolve(channelName(high, low));
    }

    /**
     * @param channelDir a channel's folder.
     * @param side       0 for port1, 1 for port2.
     * @return the queue that port writes to.
     */
    static Path outgoing(final Path channelDir, final int side)
    {
        return channelDir.resolve(side == 0 ? "a" : "b");
    }

    /**
     * @param channelDir a channel's folder.
     * @param side       0 for port1, 1 for port2.
     * @return the queue that port reads from.
     */
    static Path incoming(final Path channelDir, final int side)
    {
        return outgoing(channelDir, 1 - side);
    }

    static String channelName(final long high, final long low)
    {
        return String.format("%016x%016x", high, low);
    }
}
