package dev.entangle;

import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.runtime.Discards;
import dev.entangle.internal.stats.ContextStats;
import dev.entangle.internal.stats.Counter;
import dev.entangle.internal.stats.Events;

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
        final ContextCore context = source.context;
        if (transfer.isEmpty())
        {
            final Outgoing outgoing = Outgoing.get();
            final int length = encode(context, outgoing, message, transfer);
            try
            {
                if (outgoing.sharedBuffers().isEmpty())
                {
                    final int envelopeLength = Envelope.writePortMessage(outgoing.head(), List.of());
                    synchronized (source)
                    {
                        if (!source.isUsable())
                        {
                            return true;
                        }
                        if (refused(context, source.sender(), envelopeLength + length, offer))
                        {
                            return false;
                        }
                        if (source.sender().appendMessage(outgoing.head(), outgoing.frameHead(envelopeLength),
                            outgoing.frameBody(), outgoing.frameBodyLength(length), 0))
                        {
                            posted(context, source, envelopeLength + length, 0);
                        }
                    }
                    return true;
                }
            }
            finally
            {
                outgoing.forgetArray();
            }
        }
        synchronized (context.runtime().transitions())
        {
            final TransferList list = validate(transfer, source, context);
            final Outgoing outgoing = Outgoing.get();
            final int length = encode(context, outgoing, message, transfer);
            try
            {
                return appendCarrying(source, outgoing, length, list.carrying(outgoing.sharedBuffers()),
                    transfer.size(), offer);
            }
            finally
            {
                outgoing.forgetArray();
            }
        }
    }

    /**
     * The end of a post that carries ports or buffers, under the runtime's transitions lock: the buffered limit,
     * then the detach, then the append.
     */
    private static boolean appendCarrying(
        final PortState source, final Outgoing outgoing, final int length, final TransferList carrying,
        final int listed, final boolean offer)
    {
        final ContextCore context = source.context;
        synchronized (source)
        {
            if (!source.isUsable())
            {
                return true;
            }
            final long beside = carrying.bufferBytes();
            if (refused(context, source.sender(), TransferEntry.LENGTH * listed + 4 + length + beside, offer))
            {
                return false;
            }
            for (final PortState candidate : carrying.ports())
            {
                if (candidate.isPeerOf(source))
                {
                    carrying.detach(new Custodian.None(), context);
                    source.doom();
                    return true;
                }
            }
            final List<TransferEntry> entries = carrying.detach(
                new Custodian.Port(source.channel.id().high(), source.channel.id().low(), 1 - source.side),
                context);
            final int envelopeLength = Envelope.writePortMessage(outgoing.head(), entries);
            if (source.sender().appendMessage(outgoing.head(), outgoing.frameHead(envelopeLength),
                outgoing.frameBody(), outgoing.frameBodyLength(length), beside))
            {
                posted(context, source, envelopeLength + length, entries.size());
            }
            else
            {
                Discards.discard(context.runtime(), entries);
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
        final ContextCore context = target.sender();
        final String resolvedOrigin = Origins.resolveTargetOrigin(targetOrigin, context.origin());
        Objects.requireNonNull(transfer, "transfer");
        if (transfer.isEmpty())
        {
            final Outgoing outgoing = Outgoing.get();
            final int length = encode(context, outgoing, message, transfer);
            try
            {
                if (outgoing.sharedBuffers().isEmpty())
                {
                    return target.append(outgoing, length, resolvedOrigin, offer, null);
                }
            }
            finally
            {
                outgoing.forgetArray();
            }
        }
        synchronized (context.runtime().transitions())
        {
            final TransferList list = validate(transfer, null, context);
            final Outgoing outgoing = Outgoing.get();
            final int length = encode(context, outgoing, message, transfer);
            try
            {
                final TransferList carrying = list.carrying(outgoing.sharedBuffers());
                if (context.isClosed())
                {
                    return true;
                }
                return target.append(outgoing, length, resolvedOrigin, offer,
                    custodian -> carrying.detach(custodian, context));
            }
            finally
            {
                outgoing.forgetArray();
            }
        }
    }

    private static TransferList validate(
        final List<? extends Transferable> transfer, final PortState source, final ContextCore context)
    {
        try
        {
            return TransferList.validate(transfer, source, context, List.of());
        }
        catch (final DataCloneException ex)
        {
            context.stats().increment(Counter.CLONE_ERRORS);
            throw ex;
        }
    }

    private static int encode(
        final ContextCore context, final Outgoing outgoing, final Object message,
        final List<? extends Transferable> transfer)
    {
        try
        {
            return outgoing.encode(message, transfer, context.settings.maxMessageSize);
        }
        catch (final DataCloneException ex)
        {
            context.stats().increment(Counter.CLONE_ERRORS);
            throw ex;
        }
    }

    private static boolean refused(
        final ContextCore context, final PortSender sender, final long size, final boolean offer)
    {
        final String refusal = sender.refusal(size, context.settings.maxBufferedAmount);
        if (refusal != null)
        {
            context.stats().increment(Counter.POSTS_REFUSED);
            sender.armLowWater();
        }
        return refused(refusal, offer);
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

    private static void posted(final ContextCore context, final PortState source, final int size,
        final int transferred)
    {
        final ContextStats stats = context.stats();
        stats.increment(Counter.MESSAGES_POSTED);
        stats.add(Counter.BYTES_POSTED, size);
        Events.posted(source.channel.id(), source.side + 1, size, transferred);
    }

    /**
     * Counts a message appended to an inbox.
     */
    static void postedToWindow(final ContextCore context, final String target, final int size,
        final int transferred)
    {
        final ContextStats stats = context.stats();
        stats.increment(Counter.MESSAGES_POSTED);
        stats.add(Counter.BYTES_POSTED, size);
        Events.posted(target, 0, size, transferred);
    }
}
