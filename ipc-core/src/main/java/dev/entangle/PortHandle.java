package dev.entangle;

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
        state.post(message, List.of());
    }

    @Override
    public void postMessage(final Object message, final List<? extends Transferable> transfer)
    {
        Objects.requireNonNull(transfer, "transfer");
        state.post(message, transfer);
    }

    @Override
    public void start()
    {
        state.start();
    }

    @Override
    public void close()
    {
        state.close();
    }

    @Override
    public void onMessage(final MessageListener l)
    {
        state.onMessage(l);
    }

    @Override
    public void onMessageError(final MessageListener l)
    {
        state.onMessageError(l);
    }

    @Override
    public void onClose(final Runnable l)
    {
        state.onClose(l);
    }

    @Override
    public void addMessageListener(final MessageListener l)
    {
        state.addMessageListener(l);
    }

    @Override
    public void removeMessageListener(final MessageListener l)
    {
        state.removeMessageListener(l);
    }

    @Override
    public Optional<MessageEvent> receiveMessage()
    {
        return state.receiveMessage();
    }

    @Override
    public String toString()
    {
        return "MessagePort[" + Layout.channelName(state.channelHigh, state.channelLow) + "/" + (state.side + 1) +
            " " + state.phase() + " in " + state.context.name() + "]";
    }
}
