package dev.entangle.internal.runtime;

import dev.entangle.internal.handshake.ChannelId;

import java.nio.file.Path;

/**
 * Where everything lives inside a shared directory.
 * <pre>
 * &lt;directory&gt;/
 *   names.lock                   one byte-range lock per context name, held by the live context of that name
 *   contexts/&lt;name&gt;/context      the name's record: holder, heartbeat, inbox control block
 *   contexts/&lt;name&gt;/inbox.&lt;g&gt;    the inbox's rings
 *   contexts/&lt;name&gt;/stats        the holder's counters and distinct error log (stats.previous: the last holder's)
 *   contexts/&lt;name&gt;/settings     the settings the holder runs with, for tools
 *   doorbells/&lt;context id&gt;       each live context's doorbell
 *   channels/&lt;id&gt;/channel        a channel's file: its two ports' ownership records and lane control blocks
 *   channels/&lt;id&gt;/a.&lt;g&gt;, b.&lt;g&gt;  the rings of its lanes (port1 to port2, port2 to port1)
 *   buffers/&lt;id&gt;                array buffers and shared array buffers
 *   broadcast/&lt;key&gt;/            one folder per broadcast channel name and origin
 *   bridge/routes                the hosts and routes published by this host's bridge, when one runs
 * </pre>
 */
public final class Layout
{
    private final Path root;

    /**
     * @param root the directory, absolute and normalised.
     */
    public Layout(final Path root)
    {
        this.root = root;
    }

    /**
     * @return the directory.
     */
    public Path root()
    {
        return root;
    }

    /**
     * @return the file whose byte ranges lock context names.
     */
    public Path namesLock()
    {
        return root.resolve("names.lock");
    }

    /**
     * @return the folder of context names.
     */
    public Path contexts()
    {
        return root.resolve("contexts");
    }

    /**
     * @param name a context name.
     * @return its folder.
     */
    public Path context(final String name)
    {
        return contexts().resolve(name);
    }

    /**
     * @return the folder of doorbells.
     */
    public Path doorbells()
    {
        return root.resolve("doorbells");
    }

    /**
     * @param contextId a context's id.
     * @return its doorbell.
     */
    public Path doorbell(final long contextId)
    {
        return doorbells().resolve(String.format("%016x", contextId));
    }

    /**
     * @return the folder of channels.
     */
    public Path channels()
    {
        return root.resolve("channels");
    }

    /**
     * @param id a channel.
     * @return its folder.
     */
    public Path channel(final ChannelId id)
    {
        return channels().resolve(id.toString());
    }

    /**
     * @return the folder of array buffers.
     */
    public Path buffers()
    {
        return root.resolve("buffers");
    }

    /**
     * @return the folder of this host's bridge to contexts on other hosts.
     */
    public Path bridge()
    {
        return root.resolve("bridge");
    }

    /**
     * @return the folder of broadcast channels.
     */
    public Path broadcasts()
    {
        return root.resolve("broadcast");
    }
}
