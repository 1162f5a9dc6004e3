package dev.entangle;

import org.agrona.MutableDirectBuffer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's handle on a port. It holds nothing but the port's state, so that when the program drops it (and no
 * listener pins it) it is collected and the port closes for its peer.
 */
final class PortHandle implements MessagePort
{
    private final PortState state;

    PortHandle(final PortState state)
    {
        this.state = state;
    }

    PortState state()
    {
        return state;
    }

    @Override
    public void postMessage(final Object message)
    {
        Outbound.postOnPort(state, message, List.of(), false);
    }

    @Override
    public void postMessage(final Object message, final List<? extends Transferable> transfer)
    {
        Objects.requireNonNull(transfer, "transfer");
        Outbound.postOnPort(state, message, transfer, false);
    }

    @Override
    public boolean offerMessage(final Object message)
    {
        return Outbound.postOnPort(state, message, List.of(), true);
    }

    @Override
    public boolean offerMessage(final Object message, final List<? extends Transferable> transfer)
    {
        Objects.requireNonNull(transfer, "transfer");
        return Outbound.postOnPort(state, message, transfer, true);
    }

    @Override
    public void start()
    {
        state.start();
    }

    @Override
    public void close()
    {
        state.close(dev.entangle.internal.stats.CloseCause.CLOSED);
    }

    @Override
    public void onMessage(final MessageListener l)
    {
        state.onMessage(l);
    }

    @Override
    public int receiveBytes(final MutableDirectBuffer destination, final int offset)
    {
        Objects.requireNonNull(destination, "destination");
        if (offset < 0 || offset > destination.capacity())
        {
            throw new IndexOutOfBoundsException("offset " + offset + " is outside a destination of " +
                destination.capacity() + " bytes");
        }
        return state.receiver() == null ? NO_MESSAGE : state.receiver().receiveBytes(destination, offset);
    }

    @Override
    public void onBytes(final BytesListener l)
    {
        state.onBytes(l);
    }

    @Override
    public void onMessageError(final MessageListener l)
    {
        state.listeners.onMessageError(l);
        state.listenersChanged();
    }

    @Override
    public void onClose(final Runnable l)
    {
        state.listeners.onClose(l);
        if (l != null)
        {
            state.closeListenerSet();
        }
    }

    @Override
    public void addMessageListener(final MessageListener l)
    {
        state.listeners.add(l);
        state.listenersChanged();
    }

    @Override
    public void removeMessageListener(final MessageListener l)
    {
        state.listeners.remove(l);
        state.listenersChanged();
    }

    @Override
    public Optional<MessageEvent> receiveMessage()
    {
        return state.receiver() == null ? Optional.empty() : state.receiver().receiveMessage();
    }

    @Override
    public Optional<MessageEvent> receiveMessage(final Duration timeout)
    {
        Objects.requireNonNull(timeout, "timeout");
        return state.receiver() == null ? Optional.empty() : state.receiver().receiveMessage(timeout.toNanos());
    }

    @Override
    public long bufferedAmount()
    {
        return state.sender() == null ? 0 : state.sender().bufferedAmountIfUsable();
    }

    @Override
    public void bufferedAmountLowThreshold(final long bytes)
    {
        if (bytes < 0)
        {
            throw new IllegalArgumentException("bufferedAmountLowThreshold must not be negative: " + bytes);
        }
        if (state.sender() != null)
        {
            state.sender().lowThreshold(bytes);
        }
    }

    @Override
    public long bufferedAmountLowThreshold()
    {
        return state.sender() == null ? 0 : state.sender().lowThreshold();
    }

    @Override
    public void onBufferedAmountLow(final Runnable l)
    {
        state.listeners.onBufferedAmountLow(l);
        if (l != null)
        {
            state.context.demandRose();
        }
        if (state.sender() != null)
        {
            state.sender().armLowWater();
        }
    }

    @Override
    public String toString()
    {
        return state.toString();
    }
}
