package dev.entangle;

import dev.entangle.internal.federation.RouteTable;
import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.lane.LaneWriter;

import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A context's proxy for another context, addressed by name: it writes to the name's inbox, a lane shared by every
 * sender, and rings the holder's doorbell. It maps the name's record while the sender lives.
 */
final class WindowHandle implements WindowProxy
{
    /** The doorbell slot of every context's inbox. */
    static final int INBOX_SLOT = 0;
    /** Bytes kept, of the bridge's largest message, for the addressing and transfer entries of a routed one. */
    static final int ROUTED_HEAD_ALLOWANCE = 4096;

    private final ContextCore sender;
    private final String name;
    private ContextRecord record;
    /** The name whose inbox {@link #record} is: this handle's name, or the bridge's for a name on another host. */
    private String inbox;
    private LaneWriter writer;
    private Doorbell holderBell;
    private long holderBellContext;
    private long lastPostNanos;
    private boolean released;

    WindowHandle(final ContextCore sender, final String name)
    {
        this.sender = sender;
        this.name = name;
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
        Outbound.postToWindow(this, message, targetOrigin, transfer, false);
    }

    ContextCore sender()
    {
        return sender;
    }

    /**
     * Appends a message to the name's inbox, detaching what it carries only once the inbox's limit allows it.
     *
     * @return false when refused by the limit (only when {@code offer}).
     */
    synchronized boolean append(
        final Outgoing outgoing,
        final int bodyLength,
        final String targetOrigin,
        final boolean offer,
        final Function<Custodian, List<TransferEntry>> detach)
    {
        if (released)
        {
            return true;
        }
        lastPostNanos = System.nanoTime();
        final RouteTable.Route route = route(outgoing, bodyLength);
        List<TransferEntry> entries = null;
        while (true)
        {
            final ContextRecord record = record(route == null ? name : route.inbox());
            final long buffered = record.inbox().bufferedBytes();
            if (entries == null && buffered > sender.settings.maxBufferedAmount &&
                refusedCounting("the inbox of \"" + name + "\" holds " + buffered + " unread bytes, more than " +
                    "maxBufferedAmount of " + sender.settings.maxBufferedAmount + " bytes", offer))
            {
                return false;
            }
            final long holder = liveHolder(record);
            if (entries == null)
            {
                entries = detach == null ? List.of() : detach.apply(holder == 0 ?
                    new Custodian.Inbox(0, 0, 0) :
                    new Custodian.Inbox(holder, record.holderPid(), record.holderStart()));
            }
            final int envelopeLength = route == null ?
                Envelope.writeWindowMessage(outgoing.head(), holder, System.currentTimeMillis(),
                    sender.settings.inboxExpiryMs, sender.name(), sender.origin(), targetOrigin, entries) :
                Envelope.writeForwardedWindowMessage(outgoing.head(), route.target(), holder,
                    System.currentTimeMillis(), sender.settings.inboxExpiryMs, sender.name(), sender.origin(),
                    targetOrigin, entries);
            if (writer().append(route == null ? Envelope.WINDOW_MESSAGE : Envelope.WINDOW_FORWARD, outgoing.head(),
                0, outgoing.frameHead(envelopeLength), outgoing.frameBody(), 0,
                outgoing.frameBodyLength(bodyLength)) == LaneWriter.RETIRED)
            {
                // The name's folder was removed (its inbox was empty and nobody held it): make it again.
                unmap();
                continue;
            }
            // A context may have taken the name, and read its inbox, between the look above and the append: look
            // again now, after a full fence. A context publishes its id before it first reads its inbox (a fence
            // between, in ContextRecord.hold), so it either sees this message or is seen here and rung.
            VarHandle.fullFence();
            final long reader = record.holderId() == holder ? holder : liveHolder(record);
            if (reader != 0)
            {
                ring(reader);
            }
            Outbound.postedToWindow(sender, name, envelopeLength + bodyLength, entries.size());
            return true;
        }
    }

    /**
     * Where this name lives: here (null), or on another host through the bridge's inbox for that host. A message
     * the bridge cannot carry is refused here, before anything is detached.
     */
    private RouteTable.Route route(final Outgoing outgoing, final int bodyLength)
    {
        final RouteTable routes = sender.runtime().routes().current();
        if (routes == null)
        {
            if (name.indexOf('@') >= 0)
            {
                throw new IllegalStateException("\"" + name + "\" names a context on another host, and no bridge " +
                    "serves the directory " + sender.directory());
            }
            return null;
        }
        final RouteTable.Route route = routes.resolve(name);
        if (route != null && bodyLength + ROUTED_HEAD_ALLOWANCE > route.maxMessage())
        {
            sender.stats().increment(dev.entangle.internal.stats.Counter.CLONE_ERRORS);
            throw new DataCloneException("a message of " + bodyLength + " bytes to \"" + name + "\" on host " +
                route.host() + " exceeds the " + route.maxMessage() + " bytes the bridge between hosts carries " +
                "(less " + ROUTED_HEAD_ALLOWANCE + " for its addressing)");
        }
        return route;
    }

    private boolean refusedCounting(final String refusal, final boolean offer)
    {
        sender.stats().increment(dev.entangle.internal.stats.Counter.POSTS_REFUSED);
        return Outbound.refused(refusal, offer);
    }

    private long liveHolder(final ContextRecord record)
    {
        final long holder = record.holderId();
        // Asked afresh, not from the last periodic check: a message stamped for a holder that just died would be
        // discarded with that holder's inbox instead of waiting for the name's next context.
        return holder != 0 && sender.runtime().processWatch().isAliveNow(record.holderPid(), record.holderStart()) ?
            holder : 0;
    }

    private void ring(final long holder)
    {
        if (holderBell == null || holderBellContext != holder)
        {
            if (holderBell != null)
            {
                sender.runtime().doorbells().release(holderBellContext, holderBell);
            }
            holderBell = sender.runtime().doorbells().acquire(holder);
            holderBellContext = holder;
        }
        if (holderBell != null && !holderBell.isDamaged())
        {
            holderBell.ring(INBOX_SLOT);
        }
    }

    private ContextRecord record(final String inboxName)
    {
        if (record != null && !inboxName.equals(inbox))
        {
            // The bridge's routes changed: this name lives elsewhere now.
            unmap();
        }
        if (record == null)
        {
            final Path folder = sender.runtime().layout().context(inboxName);
            SafeFiles.createDirectory(folder);
            record = ContextRecord.openOrCreate(folder);
            inbox = inboxName;
        }
        return record;
    }

    private LaneWriter writer()
    {
        if (writer == null)
        {
            writer = new LaneWriter(record.inbox(), record.inboxFiles(), sender.settings.laneSettings(), true);
        }
        return writer;
    }

    /**
     * Looks after the name's inbox on the runtime's agent: expired messages go when no context holds the name, and
     * the inbox's mappings are let go when this sender has been idle a while.
     */
    synchronized void upkeep(final long nowNanos, final long idleNanos)
    {
        if (released || record == null)
        {
            return;
        }
        if (nowNanos - lastPostNanos > idleNanos)
        {
            unmap();
        }
    }

    String targetName()
    {
        return name;
    }

    synchronized void release()
    {
        released = true;
        unmap();
        if (holderBell != null)
        {
            sender.runtime().doorbells().release(holderBellContext, holderBell);
            holderBell = null;
        }
    }

    private void unmap()
    {
        if (writer != null)
        {
            writer.close();
            writer = null;
        }
        if (record != null)
        {
            record.close();
            record = null;
        }
    }

    @Override
    public String toString()
    {
        return "WindowProxy[" + name + "]";
    }
}
