package dev.entangle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An object served on a port until closed.
 */
final class RemoteExposed implements Remote.Exposed
{
    private final RemoteEndpoint endpoint;
    private final Object target;
    private final AtomicBoolean closed = new AtomicBoolean();

    RemoteExposed(final RemoteEndpoint endpoint, final Object target)
    {
        this.endpoint = endpoint;
        this.target = target;
    }

    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            endpoint.unserve(target);
        }
    }

    @Override
    public String toString()
    {
        return "Exposed[" + target.getClass().getName() + " on " + endpoint.port + (closed.get() ? ", closed]" : "]");
    }
}
