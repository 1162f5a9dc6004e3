package dev.entangle;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.Doorbell;

import java.util.Objects;

/**
 * Two new entangled ports, both owned by the given context. A message posted on one is delivered at the other,
 * wherever either has since been transferred.
 */
public final class MessageChannel
{
    private final MessagePort port1;
    private final MessagePort port2;

    /**
     * @param context the context that owns both ports at first.
     * @throws IllegalStateException when the context is closed.
     */
    public MessageChannel(final Context context)
    {
        Objects.requireNonNull(context, "context");
        context.core().checkOpen("make a MessageChannel");
        final ContextCore core = context.core();
        final ChannelFile file = core.runtime().channels().create(core.owner(Doorbell.NO_SLOT));
        final PortState first = new PortState(core, file, 0);
        final PortState second = new PortState(core, file, 1);
        first.register();
        second.register();
        this.port1 = first.handle();
        this.port2 = second.handle();
    }

    /**
     * @return the first port.
     */
    public MessagePort port1()
    {
        return port1;
    }

    /**
     * @return the second port.
     */
    public MessagePort port2()
    {
        return port2;
    }
}
