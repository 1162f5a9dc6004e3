package dev.entangle;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import static dev.entangle.RemoteFrames.*;

/**
 * Remote's side of one port: the calls made through it that wait for replies, and the object served on it, if any.
 * One per port, however many proxies wrap it, so that calls and replies in both directions share one numbering.
 * It takes the port's {@code close} and {@code messageerror} handlers and reads every message the port receives.
 * <p>
 * Frames are read by the port's event loop, which serves calls one at a time and in order, and also by a caller
 * waiting for a reply: it reads the port itself, as {@code receiveMessage} allows, so that a call costs no hand-off
 * between threads. What such a caller reads other than replies it leaves, in order, for the event loop. The port is
 * started (its event loop reads it) once something is served on it or a call returns a future; a port only called
 * through methods that wait is read by the callers alone, so the loop does not compete with them for its messages
 * (a port that is not started still sees {@code close} and {@code messageerror} on its loop).
 * <p>
 * This class numbers the frames it sends, takes the port's events and hands each frame to its side:
 * {@link RemoteCaller} for the calls made here, {@link RemoteServer} for the object served here, with
 * {@link RemoteInbox} keeping what arrived in order.
 */
final class RemoteEndpoint
{
    private static final Map<MessagePort, WeakReference<RemoteEndpoint>> ENDPOINTS = new WeakHashMap<>();

    final MessagePort port;
    final RemoteInbox inbox;
    final RemoteCaller caller;
    private final RemoteServer server;

    /** Held while a frame is numbered and posted, so seq follows the order of the port's queue. */
    private final Object sendLock = new Object();
    private long lastSent;
    private final RemoteSentLog sent = new RemoteSentLog();

    private RemoteEndpoint(final MessagePort port)
    {
        this.port = port;
        this.inbox = new RemoteInbox(this);
        this.caller = new RemoteCaller(this);
        this.server = new RemoteServer(this);
    }

    /**
     * @param port a port made by this library.
     * @return the port's endpoint, made and attached to the port on first use.
     */
    static RemoteEndpoint of(final MessagePort port)
    {
        synchronized (ENDPOINTS)
        {
            final WeakReference<RemoteEndpoint> known = ENDPOINTS.get(port);
            RemoteEndpoint endpoint = known != null ? known.get() : null;
            if (endpoint == null)
            {
                RemoteSupport.contextOf(port); // refuses a port not made by this library before touching it
                endpoint = new RemoteEndpoint(port);
                ENDPOINTS.put(port, new WeakReference<>(endpoint));
                port.onClose(endpoint::onClose);
                port.onMessageError(endpoint::onMessageError);
                port.addMessageListener(endpoint::onMessage);
                RemoteWatch.watch(endpoint);
            }
            return endpoint;
        }
    }

    /**
     * @return true when Remote has made an endpoint for the port, which then closes with its proxy.
     */
    static boolean isClaimed(final MessagePort port)
    {
        synchronized (ENDPOINTS)
        {
            return ENDPOINTS.containsKey(port);
        }
    }

    /** See {@link RemoteCaller#call}. */
    Object call(final RemoteMethods.Plan plan, final Object[] arguments, final long timeoutNs)
    {
        return caller.call(plan, arguments, timeoutNs);
    }

    /** See {@link RemoteServer#serve}. */
    Remote.Exposed serve(final Object target)
    {
        return server.serve(target);
    }

    /** See {@link RemoteServer#unserve}. */
    void unserve(final Object target)
    {
        server.unserve(target);
    }

    /** See {@link RemoteCaller#failPending}. */
    void failPending()
    {
        caller.failPending();
    }

    boolean hasPending()
    {
        return caller.hasPending();
    }

    /** See {@link RemoteCaller#release}. */
    void release()
    {
        caller.release();
    }

    /** The port's message listener, on its event loop. */
    private void onMessage(final MessageEvent event)
    {
        final Object[] frame = asFrame(event.data());
        for (final MessageEvent e : inbox.arrived(frame))
        {
            handle(e, asFrame(e.data()));
        }
        if (frame != null)
        {
            handle(event, frame);
        }
    }

    /** Handles, on the event loop, what waiting callers read and left for it. */
    void handleDeferred()
    {
        for (final MessageEvent e : inbox.takeDeferred())
        {
            handle(e, asFrame(e.data()));
        }
    }

    /**
     * Handles a frame on the event loop, in the order frames arrived, then forgets the replies the frame
     * acknowledges: a {@code LOST} frame that names one of them always arrives, and is handled, before that.
     */
    private void handle(final MessageEvent event, final Object[] frame)
    {
        final int kind = kind(frame);
        if (kind == CALL || kind == CALL_VOID)
        {
            server.answer(event, frame);
        }
        else if (kind == REPLY || kind == ERROR)
        {
            caller.onReply(frame);
        }
        else
        {
            onLost((Long)frame[SUBJECT]);
        }
        synchronized (sendLock)
        {
            sent.acknowledge(ack(frame));
        }
    }

    /**
     * A message of the peer could not be deserialized: the peer is told which frame it was, and fails the call it
     * stands for. The LOST frame leaves before any frame whose ack covers the lost seq, so the peer still knows
     * what that seq was.
     */
    private void onMessageError(final MessageEvent event)
    {
        synchronized (sendLock)
        {
            final long lost = inbox.markLost();
            send(new Object[]{ LOST, null, null, lost }, null, null, 0);
        }
    }

    /**
     * The peer could not deserialize the frame of that seq: a call of ours fails; a reply of ours becomes an error
     * reply, which carries nothing the peer could fail to read.
     */
    private void onLost(final long lostSeq)
    {
        final String reason = "(a record class it does not allowRecord, or a message over its maxMessageSize; " +
            "its error handler has the details)";
        final RemoteCall call = caller.remove(lostSeq);
        if (call != null)
        {
            call.fail(new RemoteException(MessageErrorException.class.getName(), "the call " + call.plan.key +
                " could not be deserialized where it is served " + reason, null, null));
            return;
        }
        final long answered;
        synchronized (sendLock)
        {
            answered = sent.callAnsweredBy(lostSeq);
        }
        if (answered > 0)
        {
            server.replyError(answered, new MessageErrorException(
                "the reply could not be deserialized where the call was made " + reason));
        }
    }

    /**
     * Numbers the frame and posts it.
     *
     * @param call    a call that waits for its reply, registered under the frame's seq before it leaves.
     * @param subject the call a reply answers, remembered until the peer acknowledges the reply; else 0.
     */
    void send(final Object[] frame, final List<MessagePort> transfer, final RemoteCall call, final long subject)
    {
        synchronized (sendLock)
        {
            final long seq = lastSent + 1;
            frame[SEQ] = seq;
            frame[ACK] = inbox.received();
            if (call != null)
            {
                caller.add(seq, call);
            }
            try
            {
                if (transfer == null)
                {
                    port.postMessage(frame);
                }
                else
                {
                    port.postMessage(frame, transfer);
                }
            }
            catch (final RuntimeException ex)
            {
                if (call != null)
                {
                    caller.remove(seq);
                }
                throw ex;
            }
            lastSent = seq;
            if (subject > 0)
            {
                sent.add(seq, subject);
            }
        }
    }

    /** The port's close handler: its peer closed, or the peer's process or context ended. */
    private void onClose()
    {
        caller.peerGone();
        server.stop();
        caller.failPending();
    }

    @Override
    public String toString()
    {
        return "Remote on " + port;
    }
}
