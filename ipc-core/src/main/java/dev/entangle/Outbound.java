package dev.entangle;

import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.TransferEntry;

import java.util.List;
import java.util.Objects;

/**
 * The one send path of ports and windows: check the transfer list, encode, check the buffered limit, detach what is
 * transferred, frame, append, ring. Nothing is sent and nothing detached unless every check passed.
 */
final class Outbound
{
    private Outbound()
    {
    }

    /**
     * @param source   the port posted on.
     * @param message  the message.
     * @param transfer what moves with it.
     * @param offer    true to return false on a full buffer, false to throw.
     * @return false when refused by the buffered limit (only when {@code offer}).
     */
    static boolean postOnPort(
        final PortState source, final Object message, final List<? extends Transferable> transfer,
        final boolean offer)
    {
        Objects.requireNonNull(transfer, "transfer");
        final Context context = source.context;
        if (transfer.isEmpty())
        {
            final Outgoing outgoing = Outgoing.get();
            final int length = outgoing.encode(message, transfer, context.maxMessageSize());
            final int headLength = Envelope.writePortMessage(outgoing.head(), List.of());
            synchronized (source)
            {
                if (refused(source.refusal(headLength + length), offer))
                {
                    return false;
                }
                source.append(outgoing.head(), headLength, outgoing.body(), length, 0);
            }
            return true;
        }
        synchronized (context.transitions())
        {
            final List<PortState> listed = TransferList.validate(transfer, source, context);
            final Outgoing outgoing = Outgoing.get();
            final int length = outgoing.encode(message, transfer, context.maxMessageSize());
            synchronized (source)
            {
                if (source.phase() != PortState.Phase.ACTIVE)
                {
                    return true;
                }
                final int headLength = TransferEntry.LENGTH * listed.size() + 4;
                if (refused(source.refusal(headLength + length), offer))
                {
                    return false;
                }
                for (final PortState candidate : listed)
                {
                    if (candidate.isPeerOf(source))
                    {
                        TransferList.detach(listed, new Custodian.None());
                        source.doom();
                        return true;
                    }
                }
                final List<TransferEntry> entries = TransferList.detach(listed,
                    new Custodian.Port(source.channel.id().high(), source.channel.id().low(), 1 - source.side));
                final int written = Envelope.writePortMessage(outgoing.head(), entries);
                if (!source.append(outgoing.head(), written, outgoing.body(), length, 0))
                {
                    dev.entangle.internal.runtime.Discards.discard(context.runtime(), entries);
                }
            }
        }
        return true;
    }

    /**
     * @param target       the window posted to.
     * @param message      the message.
     * @param targetOrigin "*", "/" or an origin the receiver must have.
     * @param transfer     what moves with it.
     * @param offer        true to return false on a full inbox, false to throw.
     * @return false when refused by the inbox's limit (only when {@code offer}).
     */
    static boolean postToWindow(
        final WindowHandle target,
        final Object message,
        final String targetOrigin,
        final List<? extends Transferable> transfer,
        final boolean offer)
    {
        final Context context = target.sender();
        final String resolvedOrigin = Origins.resolveTargetOrigin(targetOrigin, context.origin());
        Objects.requireNonNull(transfer, "transfer");
        if (transfer.isEmpty())
        {
            final Outgoing outgoing = Outgoing.get();
            final int length = outgoing.encode(message, transfer, context.maxMessageSize());
            return target.append(outgoing, length, resolvedOrigin, List.of(), offer, null);
        }
        synchronized (context.transitions())
        {
            final List<PortState> listed = TransferList.validate(transfer, null, context);
            final Outgoing outgoing = Outgoing.get();
            final int length = outgoing.encode(message, transfer, context.maxMessageSize());
            if (context.isClosed())
            {
                return true;
            }
            return target.append(outgoing, length, resolvedOrigin, listed, offer,
                custodian -> TransferList.detach(listed, custodian));
        }
    }

    static boolean refused(final String refusal, final boolean offer)
    {
        if (refusal == null)
        {
            return false;
        }
        if (offer)
        {
            return true;
        }
        throw new IllegalStateException(refusal);
    }
}
