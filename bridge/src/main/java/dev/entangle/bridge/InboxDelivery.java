package dev.entangle.bridge;

import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.lane.LaneWriter;
import dev.entangle.internal.runtime.DirectoryRuntime;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Delivers window messages from other hosts into the inboxes of local names, as a local sender would: a message
 * waits in the name's inbox when no context holds it, and the holder's doorbell is rung when one does.
 */
final class InboxDelivery implements AutoCloseable
{
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final DirectoryRuntime runtime;
    private final LaneSettings laneSettings;
    private final Map<String, Target> targets = new HashMap<>();
    private final ExpandableDirectByteBuffer head = new ExpandableDirectByteBuffer(512);

    /**
     * A name's inbox, mapped while messages arrive for it.
     */
    private static final class Target
    {
        ContextRecord record;
        LaneWriter writer;
        Doorbell bell;
        long bellContext;
        long lastUse;
    }

    InboxDelivery(final DirectoryRuntime runtime, final LaneSettings laneSettings)
    {
        this.runtime = runtime;
        this.laneSettings = laneSettings;
    }

    /**
     * @param name a local name.
     * @return the custodian of what a message to it carries: its live holder, or whoever opens the name next.
     */
    Custodian custodian(final String name)
    {
        final ContextRecord record = target(name).record;
        final long holder = liveHolder(record);
        return holder == 0 ? new Custodian.Inbox(0, 0, 0) :
            new Custodian.Inbox(holder, record.holderPid(), record.holderStart());
    }

    /**
     * Appends a window message to a name's inbox and rings its holder.
     */
    void deliver(
        final String name,
        final long postedMillis,
        final long expiryMillis,
        final String sender,
        final String senderOrigin,
        final String targetOrigin,
        final List<TransferEntry> entries,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        while (true)
        {
            final Target target = target(name);
            final long holder = liveHolder(target.record);
            final int headLength = Envelope.writeWindowMessage(head, holder, postedMillis, expiryMillis, sender,
                senderOrigin, targetOrigin, entries);
            if (target.writer.append(Envelope.WINDOW_MESSAGE, head, 0, headLength, payload, payloadOffset,
                payloadLength) == LaneWriter.RETIRED)
            {
                // The name's folder was removed (nothing waited and nobody held it): make it again.
                unmap(targets.remove(name));
                continue;
            }
            if (holder != 0)
            {
                ring(target, holder);
            }
            return;
        }
    }

    private Target target(final String name)
    {
        Target target = targets.get(name);
        if (target == null)
        {
            target = new Target();
            final java.nio.file.Path folder = runtime.layout().context(name);
            SafeFiles.createDirectory(folder);
            target.record = ContextRecord.openOrCreate(folder);
            target.writer = new LaneWriter(target.record.inbox(), target.record.inboxFiles(), laneSettings, true);
            targets.put(name, target);
        }
        target.lastUse = System.nanoTime();
        return target;
    }

    private long liveHolder(final ContextRecord record)
    {
        final long holder = record.holderId();
        return holder != 0 && runtime.processWatch().isAlive(record.holderPid(), record.holderStart()) ? holder : 0;
    }

    private void ring(final Target target, final long holder)
    {
        if (target.bell == null || target.bellContext != holder)
        {
            if (target.bell != null)
            {
                runtime.doorbells().release(target.bellContext, target.bell);
            }
            target.bell = runtime.doorbells().acquire(holder);
            target.bellContext = holder;
        }
        if (target.bell != null && !target.bell.isDamaged())
        {
            target.bell.ring(0);
        }
    }

    /**
     * Lets go of the inboxes nothing arrived for in a while.
     */
    void upkeep(final long nowNanos)
    {
        for (final Iterator<Target> it = targets.values().iterator(); it.hasNext();)
        {
            final Target target = it.next();
            if (nowNanos - target.lastUse > IDLE_NANOS)
            {
                it.remove();
                unmap(target);
            }
        }
    }

    private void unmap(final Target target)
    {
        if (target == null)
        {
            return;
        }
        target.writer.close();
        target.record.close();
        if (target.bell != null)
        {
            runtime.doorbells().release(target.bellContext, target.bell);
        }
    }

    @Override
    public void close()
    {
        targets.values().forEach(this::unmap);
        targets.clear();
    }
}
