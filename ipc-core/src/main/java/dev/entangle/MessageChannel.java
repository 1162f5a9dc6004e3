package dev.entangle;

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
        final PortState[] ports = PortState.newChannel(context.core());
        this.port1 = ports[0].handle();
        this.port2 = ports[1].handle();
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
