package dev.entangle;

import dev.entangle.transport.SharedQueue;

import java.util.List;

/**
 * A context's proxy for another context, addressed by name. Holds the target's inbox open while the sender lives.
 */
final class WindowHandle implements WindowProxy
{
    private final Context sender;
    private final String name;
    private final ContextRecord.View record;
    private SharedQueue inbox;
    private boolean released;

    WindowHandle(final Context sender, final String name)
    {
        this.sender = sender;
        this.name = name;
        this.record = new ContextRecord.View(sender.layout().context(name));
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void postMessage(final Object message)
    {
        postMessage(message, "/", List.of());
    }

    @Override
    public void postMessage(final Object message, final String targetOrigin)
    {
        postMessage(message, targetOrigin, List.of());
    }

    @Override
    public void postMessage(
        final Object message, final String targetOrigin, final List<? extends Transferable> transfer)
    {
        sender.postToWindow(this, message, targetOrigin, transfer);
    }

    ContextRecord.Holder holder()
    {
        return record.holder();
    }

    /**
     * Appends a framed message to the target's inbox; does nothing once the sender has closed.
     */
    synchronized void append(final Outgoing outgoing, final int headLength, final int bodyLength)
    {
        if (released)
        {
            return;
        }
        if (inbox == null)
        {
            inbox = SharedQueue.acquire(sender.layout().inbox(name));
        }
        inbox.append(outgoing.head(), 0, headLength, outgoing.body(), 0, bodyLength);
    }

    synchronized void release()
    {
        released = true;
        record.close();
        if (inbox != null)
        {
            inbox.release();
            inbox = null;
        }
    }

    @Override
    public String toString()
    {
        return "WindowProxy[" + name + "]";
    }
}
