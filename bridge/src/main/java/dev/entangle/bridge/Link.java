package dev.entangle.bridge;

import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.stats.CloseCause;
import org.agrona.DirectBuffer;

import java.util.List;
import java.util.function.Consumer;

/**
 * This bridge's link with one other host: the state of the other bridge as last heard (its incarnation, whether it
 * lives), the stream of window messages from this host's inbox for it, and the spliced ports between the two. The
 * link is up while the other bridge is heard; once it stays silent longer than the remote liveness, every port
 * that crosses it closes, while window messages wait in the inbox for it to come back. After a broken link each
 * side sends again, from what the other acknowledged, everything it had sent since, and drops what it already
 * applied. Runs on the bridge's one thread.
 */
final class Link implements AutoCloseable
{
    private static final int INBOX_BUDGET = 32;
    private static final int SPLICE_BUDGET = 16;

    final Federation.Host host;
    private final BridgeSettings settings;
    private final long incarnation;
    private final Participant participant;
    private final AckedTail inbox;
    private final Splices splices;
    private final Outlet outlet;
    private final LinkEncoder encoder;
    private final LinkDecoder decoder;
    private final Consumer<String> log;
    private long peerIncarnation;
    private long peerDeaths;
    private long peerInboxLane;
    private long deathsOfPeer;
    private long lastHeardNanos;
    private long lastHelloNanos = Long.MIN_VALUE / 2;
    private boolean up;
    private boolean resyncWanted = true;
    /** The last resync this bridge asked of the other; frames stamped with an older one are not applied. */
    private int requested;
    /** The newest resync stamp seen on the other bridge's frames. */
    private int stampSeen;
    private int cursor;

    Link(final Federation.Host host, final BridgeSettings settings, final long incarnation,
        final Participant participant, final Splices splices, final Outlet outlet, final InboxDelivery delivery,
        final Consumer<String> log)
    {
        this.host = host;
        this.settings = settings;
        this.incarnation = incarnation;
        this.participant = participant;
        this.splices = splices;
        this.outlet = outlet;
        this.log = log;
        this.inbox = new AckedTail(participant.record().inbox(), participant.record().inboxFiles());
        this.encoder = new LinkEncoder(participant, splices, outlet, log);
        this.decoder = new LinkDecoder(host.id(), splices, outlet, delivery, inbox, log);
    }

    /**
     * @return true while the other bridge is heard.
     */
    boolean isUp()
    {
        return up;
    }

    Participant participant()
    {
        return participant;
    }

    /**
     * One pass: what waits to be offered again, the heartbeat, acknowledgements, then window messages and port
     * data, each within a budget so no stream starves the others.
     *
     * @return how much was done.
     */
    int doWork(final long nowNanos)
    {
        if (!outlet.retry())
        {
            return 0;
        }
        int work = 0;
        if (resyncWanted || nowNanos - lastHelloNanos >= settings.heartbeatNanos())
        {
            work += sendHello(nowNanos);
        }
        if (!up)
        {
            return work;
        }
        work += decoder.sendAcks();
        work += sendInbox();
        work += sendSplices();
        return work;
    }

    private int sendHello(final long nowNanos)
    {
        if (!outlet.isConnected())
        {
            return 0;
        }
        final int length = Wire.hello(outlet.control(), resyncWanted || stampSeen < requested, incarnation,
            deathsOfPeer, participant.record().inbox().createdMillis(), requested, settings.federation().self());
        if (outlet.sendControl(length))
        {
            lastHelloNanos = nowNanos;
            resyncWanted = false;
            return 1;
        }
        return 0;
    }

    private int sendInbox()
    {
        int work = 0;
        while (work < INBOX_BUDGET && !outlet.isStalled())
        {
            final int type = inbox.nextType();
            if (type == 0)
            {
                break;
            }
            final long start = inbox.sent();
            encoder.begin(start, inbox);
            final long end = inbox.read(encoder.envelope);
            final int length = encoder.length();
            if (length == 0)
            {
                inbox.skipped(start, end);
            }
            else
            {
                Wire.putLong(outlet.frame(), Wire.ENVELOPE_END, end);
                outlet.send(length);
            }
            work++;
        }
        return work;
    }

    private int sendSplices()
    {
        final List<Splice> all = splices.all();
        int work = 0;
        for (int n = 0, size = all.size(); n < size && !outlet.isStalled(); n++)
        {
            cursor = cursor >= all.size() - 1 ? 0 : cursor + 1;
            work += sendSplice(all.get(cursor));
        }
        return work;
    }

    private int sendSplice(final Splice splice)
    {
        int work = 0;
        while (work < SPLICE_BUDGET && !outlet.isStalled() && splice.state() == Splice.State.OPEN)
        {
            final AckedTail tail = splice.incoming;
            final int type = tail.nextType();
            if (type == 0)
            {
                final CloseCause gone = splice.goneCause();
                if (gone != null)
                {
                    // The local peer went with nothing more to send: its close follows everything it sent.
                    final long end = tail.sent() + 1;
                    outlet.send(encoder.close(splice, end, gone));
                    splice.closing(end);
                    work++;
                }
                break;
            }
            final long start = tail.sent();
            encoder.begin(start, tail);
            encoder.splice(splice);
            final long end = tail.read(encoder.data);
            Wire.putLong(outlet.frame(), Wire.DATA_END, end);
            outlet.send(encoder.length());
            if (type == Envelope.PORT_CLOSE)
            {
                splice.closing(end);
            }
            work++;
        }
        return work;
    }

    /**
     * Periodic checks: the other bridge's silence, and the liveness of the local peers of spliced ports.
     */
    void upkeep(final long nowNanos)
    {
        participant.heartbeat(System.currentTimeMillis());
        if (up && nowNanos - lastHeardNanos > settings.livenessNanos())
        {
            goDown();
        }
        for (final Splice splice : splices.all())
        {
            splice.checkPeer();
        }
        splices.expireClosed(nowNanos);
    }

    private void goDown()
    {
        up = false;
        deathsOfPeer++;
        log.accept("host " + host.id() + " silent for more than " + settings.livenessNanos() / 1_000_000 +
            " ms: closing the ports that cross to it");
        splices.closeAll(CloseCause.PROCESS_DIED);
        rewind();
    }

    /**
     * A HELLO (or heartbeat) from the other bridge.
     */
    void onHello(final boolean resync, final long peer, final long deaths, final long inboxLane, final int wanted,
        final long now)
    {
        lastHeardNanos = now;
        boolean revived = !up;
        if (peerIncarnation != 0 && peer != peerIncarnation)
        {
            log.accept("host " + host.id() + " restarted: closing the ports that crossed to its previous bridge");
            splices.closeAll(CloseCause.PROCESS_DIED);
            splices.forgetClosed();
            revived = true;
        }
        else if (deaths > peerDeaths)
        {
            // The other bridge gave this one up for a while: the ports between them are closed there.
            splices.closeAll(CloseCause.PROCESS_DIED);
            revived = true;
        }
        if (inboxLane != peerInboxLane)
        {
            decoder.resetInbox();
        }
        peerIncarnation = peer;
        peerDeaths = deaths;
        peerInboxLane = inboxLane;
        if (!up)
        {
            log.accept("host " + host.id() + " is up");
        }
        up = true;
        final boolean asked = wanted > outlet.honoured();
        if (asked && !revived && resync)
        {
            log.accept("host " + host.id() + " has a new image of this bridge: sending again what it did not " +
                "acknowledge");
        }
        if (asked)
        {
            outlet.honoured(wanted);
        }
        if (revived || asked)
        {
            rewind();
            decoder.reacknowledge();
        }
        if (revived)
        {
            onNewImage();
        }
    }

    /**
     * The subscription has a new image of the other bridge: what it sent before may be lost, so it is asked to
     * send again.
     */
    void onNewImage()
    {
        requested = Math.max(requested, stampSeen) + 1;
        resyncWanted = true;
    }

    private void rewind()
    {
        outlet.drop();
        inbox.rewind();
        for (final Splice splice : splices.all())
        {
            splice.rewind();
        }
    }

    /**
     * A frame from the other bridge, other than HELLO.
     */
    void onFrame(final DirectBuffer buffer, final int offset, final int length, final long now)
    {
        lastHeardNanos = now;
        final int stamp = Wire.resyncHonoured(buffer, offset);
        stampSeen = Math.max(stampSeen, stamp);
        final byte type = Wire.type(buffer, offset);
        if (stamp < requested && (type == Wire.ENVELOPE || type == Wire.DATA))
        {
            // Sent before the other bridge resent from its acknowledged positions: after a gap, it comes again.
            return;
        }
        decoder.onFrame(buffer, offset, length);
    }

    /**
     * Notes the resync stamp of a HELLO, which does not pass through {@link #onFrame}.
     */
    void stamp(final int stamp)
    {
        stampSeen = Math.max(stampSeen, stamp);
    }

    @Override
    public void close()
    {
        splices.closeAll(CloseCause.CONTEXT_CLOSED);
        inbox.close();
        outlet.close();
        participant.close();
    }
}
