package dev.entangle;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

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
 */
final class RemoteEndpoint
{
    /**
     * A waiting caller reads the port in a loop: spinning at first, as a reply usually comes within microseconds,
     * and through a scheduling hiccup of the serving process (a caller that yields or parks then loses its turn
     * too, which costs more than the spin); then yielding; then parking between reads, for a method that takes its
     * time. The longest park bounds what a slow call loses to parking.
     */
    private static final long SPIN_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long YIELD_NS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final Object[] NO_ARGS = new Object[0];
    private static final MessageEvent[] NO_EVENTS = new MessageEvent[0];
    private static final Map<MessagePort, WeakReference<RemoteEndpoint>> ENDPOINTS = new WeakHashMap<>();
    private static final String PEER_GONE = "the port closed (its peer closed, or the process that served it ended)";

    final MessagePort port;

    /** Held while a frame is numbered and posted, so seq follows the order of the port's queue. */
    private final Object sendLock = new Object();
    private long lastSent;
    private final RemoteSentLog sent = new RemoteSentLog();

    /** Held while a frame is read and marked received, so the numbering of what arrived never has false gaps. */
    private final ReentrantLock receiveLock = new ReentrantLock();
    /** Every frame of the peer up to this seq has arrived (or was lost and answered); sent back as ack. */
    private volatile long received;
    private TreeSet<Long> receivedAhead;
    private final ArrayList<MessageEvent> deferred = new ArrayList<>();

    private final ConcurrentHashMap<Long, RemoteCall> pending = new ConcurrentHashMap<>();
    private volatile String closedReason;

    private volatile Object target;
    /** The proxy of this port, made for an object passed by reference, was collected: close once no call waits. */
    private volatile boolean released;

    private RemoteEndpoint(final MessagePort port)
    {
        this.port = port;
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

    // ---------------------------------------------------------------------------------------------- calling

    /**
     * Sends a call and, unless the method returns a future or nothing, waits for its reply.
     *
     * @return the result, a future of it, or null for a {@code void} method.
     */
    Object call(final RemoteMethods.Plan plan, final Object[] arguments, final long timeoutNs)
    {
        final Object[] args = arguments != null ? arguments : NO_ARGS;
        if (plan.kind == RemoteMethods.SYNC && RemoteSupport.isEventLoopThread(port))
        {
            throw new IllegalStateException(plan.key + " waits for its reply, so it cannot be called on the event " +
                "loop that would deliver that reply; declare it to return a CompletableFuture, or call it from " +
                "another thread");
        }
        final String closed = closedReason();
        if (closed != null)
        {
            final RemoteException failure = closedFailure(plan, closed);
            if (plan.kind == RemoteMethods.ASYNC)
            {
                return CompletableFuture.failedFuture(failure);
            }
            throw failure;
        }
        final Object[] frame = new Object[BODY + args.length];
        frame[KIND] = plan.kind == RemoteMethods.VOID ? CALL_VOID : CALL;
        frame[SUBJECT] = plan.key;
        final List<MessageChannel> references = new ArrayList<>(0);
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                frame[BODY + i] = argument(plan, i, args[i], references);
            }
        }
        catch (final RuntimeException ex)
        {
            closeAll(references);
            throw ex;
        }
        final RemoteCall call = plan.kind == RemoteMethods.VOID ? null : new RemoteCall(plan);
        try
        {
            send(frame, transferOf(references), call, 0);
        }
        catch (final RuntimeException ex)
        {
            closeAll(references);
            throw ex;
        }
        if (call == null)
        {
            return null;
        }
        if (closedReason() != null)
        {
            failPending();
        }
        if (plan.kind == RemoteMethods.ASYNC)
        {
            // Nobody waits on this thread for the reply: the event loop must read it.
            port.start();
            return call.future();
        }
        return await(call, timeoutNs);
    }

    /**
     * @return the argument as it goes into the frame: itself, or for an object passed by reference the port of a
     * new channel on whose other port the object is served, here.
     */
    private Object argument(
        final RemoteMethods.Plan plan, final int index, final Object argument, final List<MessageChannel> references)
    {
        final Object referenced = RemoteReference.targetOf(argument);
        if (referenced == null)
        {
            return argument;
        }
        if (!plan.interfaceParameter[index])
        {
            throw new DataCloneException("argument " + index + " of " + plan.key + ": an object passed by " +
                "reference arrives as a proxy of the parameter's type, which must be an interface, not " +
                plan.method.getParameterTypes()[index].getName());
        }
        final MessageChannel channel = new MessageChannel(RemoteSupport.contextOf(port));
        references.add(channel);
        of(channel.port1()).serve(referenced);
        return channel.port2();
    }

    private static List<MessagePort> transferOf(final List<MessageChannel> references)
    {
        if (references.isEmpty())
        {
            return null;
        }
        final List<MessagePort> transfer = new ArrayList<>(references.size());
        for (final MessageChannel channel : references)
        {
            transfer.add(channel.port2());
        }
        return transfer;
    }

    private static void closeAll(final List<MessageChannel> references)
    {
        for (final MessageChannel channel : references)
        {
            channel.port1().close();
            channel.port2().close();
        }
    }

    private Object await(final RemoteCall call, final long timeoutNs)
    {
        final long start = System.nanoTime();
        final long deadline = start + timeoutNs;
        long parkNs = MIN_PARK_NS;
        while (!call.isDone())
        {
            if (readOne())
            {
                continue;
            }
            final long now = System.nanoTime();
            if (now - deadline >= 0)
            {
                if (pending.remove(call.id, call))
                {
                    final String what = "no reply to " + call.plan.key + " within " + timeoutNs / 1_000_000 + " ms";
                    throw new RemoteException(null, what, null, new TimeoutException(what));
                }
            }
            else if (now - start < SPIN_NS)
            {
                Thread.onSpinWait();
            }
            else if (now - start < YIELD_NS)
            {
                Thread.yield();
            }
            else
            {
                if (Thread.currentThread().isInterrupted() && pending.remove(call.id, call))
                {
                    final String what = "interrupted while waiting for the reply to " + call.plan.key;
                    throw new RemoteException(null, what, null, new InterruptedException(what));
                }
                if (closedReason() != null)
                {
                    failPending();
                }
                call.park(Math.min(parkNs, deadline - now));
                parkNs = Math.min(parkNs * 2, MAX_PARK_NS);
            }
        }
        return call.result();
    }

    /**
     * Reads one message off the port on the calling thread: a reply completes its call here; anything else is left
     * for the event loop, in order.
     *
     * @return false when nothing waited.
     */
    private boolean readOne()
    {
        final MessageEvent event;
        final Object[] frame;
        final boolean reply;
        boolean schedule = false;
        receiveLock.lock();
        try
        {
            final Optional<MessageEvent> read = port.receiveMessage();
            if (read.isEmpty())
            {
                return false;
            }
            event = read.get();
            frame = asFrame(event.data());
            if (frame == null)
            {
                return true;
            }
            markReceived(seq(frame));
            reply = kind(frame) == REPLY || kind(frame) == ERROR;
            if (!reply)
            {
                deferred.add(event);
                schedule = deferred.size() == 1;
            }
        }
        finally
        {
            receiveLock.unlock();
        }
        if (reply)
        {
            onReply(frame);
        }
        else if (schedule)
        {
            RemoteSupport.contextOf(port).execute(this::handleDeferred);
        }
        return true;
    }

    private void onReply(final Object[] frame)
    {
        final RemoteCall call = pending.remove((Long)frame[SUBJECT]);
        if (call != null)
        {
            if (kind(frame) == REPLY)
            {
                call.complete(frame[BODY]);
            }
            else
            {
                call.fail(decodeError(frame[BODY]));
            }
        }
        releaseIfIdle();
    }

    // ---------------------------------------------------------------------------------------------- receiving

    /** The port's message listener, on its event loop. */
    private void onMessage(final MessageEvent event)
    {
        final Object[] frame = asFrame(event.data());
        final MessageEvent[] earlier;
        receiveLock.lock();
        try
        {
            if (frame != null)
            {
                markReceived(seq(frame));
            }
            earlier = takeDeferred();
        }
        finally
        {
            receiveLock.unlock();
        }
        for (final MessageEvent e : earlier)
        {
            handle(e, asFrame(e.data()));
        }
        if (frame != null)
        {
            handle(event, frame);
        }
    }

    private void handleDeferred()
    {
        final MessageEvent[] earlier;
        receiveLock.lock();
        try
        {
            earlier = takeDeferred();
        }
        finally
        {
            receiveLock.unlock();
        }
        for (final MessageEvent e : earlier)
        {
            handle(e, asFrame(e.data()));
        }
    }

    private MessageEvent[] takeDeferred()
    {
        if (deferred.isEmpty())
        {
            return NO_EVENTS;
        }
        final MessageEvent[] taken = deferred.toArray(NO_EVENTS);
        deferred.clear();
        return taken;
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
            answer(event, frame);
        }
        else if (kind == REPLY || kind == ERROR)
        {
            onReply(frame);
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

    /** Called with the receive lock held. */
    private void markReceived(final long seq)
    {
        long upTo = received;
        if (seq == upTo + 1)
        {
            upTo = seq;
            while (receivedAhead != null && receivedAhead.remove(upTo + 1))
            {
                upTo++;
            }
            received = upTo;
        }
        else if (seq > upTo)
        {
            if (receivedAhead == null)
            {
                receivedAhead = new TreeSet<>();
            }
            receivedAhead.add(seq);
        }
    }

    /**
     * A message of the peer could not be deserialized. Frames are read in order and marked as they are read, so
     * the lost one is the first not marked; the peer is told which, and fails the call it stands for. The LOST
     * frame leaves before any frame whose ack covers the lost seq, so the peer still knows what that seq was.
     */
    private void onMessageError(final MessageEvent event)
    {
        synchronized (sendLock)
        {
            final long lost;
            receiveLock.lock();
            try
            {
                lost = received + 1;
                markReceived(lost);
            }
            finally
            {
                receiveLock.unlock();
            }
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
        final RemoteCall call = pending.remove(lostSeq);
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
            replyError(answered, new MessageErrorException(
                "the reply could not be deserialized where the call was made " + reason));
        }
    }

    // ---------------------------------------------------------------------------------------------- serving

    /**
     * Serves the target on this port.
     *
     * @throws IllegalStateException when the port serves an object already.
     */
    Remote.Exposed serve(final Object target)
    {
        synchronized (this)
        {
            if (this.target != null)
            {
                throw new IllegalStateException("this port already serves " + this.target.getClass().getName() +
                    "; close its Exposed first");
            }
            this.target = target;
        }
        port.start();
        return new RemoteExposed(this, target);
    }

    /** Stops serving the target, if it is still the one served. */
    void unserve(final Object target)
    {
        synchronized (this)
        {
            if (this.target == target)
            {
                this.target = null;
            }
        }
    }

    /** Runs a call on the event loop and answers it, now or when the future it returned completes. */
    private void answer(final MessageEvent event, final Object[] frame)
    {
        final boolean wantsReply = kind(frame) == CALL;
        final long id = seq(frame);
        final Object served = target;
        Throwable failure = null;
        Object result = null;
        try
        {
            if (served == null)
            {
                throw new IllegalStateException("nothing is served on this port (its Exposed was closed, or " +
                    "nothing was exposed on it)");
            }
            final String key = (String)frame[SUBJECT];
            final Method method = RemoteMethods.find(served.getClass(), key);
            if (method == null)
            {
                throw new NoSuchMethodException(key + " is not a public method of " + served.getClass().getName());
            }
            result = method.invoke(served, arguments(method, event, frame));
        }
        catch (final InvocationTargetException ex)
        {
            failure = ex.getCause();
        }
        catch (final Exception ex)
        {
            failure = ex;
        }
        if (failure != null)
        {
            closeUnclaimed(event);
        }
        if (!wantsReply)
        {
            if (failure != null)
            {
                RemoteSupport.reportError(port, failure);
            }
            else if (result instanceof CompletionStage<?> stage)
            {
                stage.whenComplete((value, ex) ->
                {
                    if (ex != null)
                    {
                        RemoteSupport.reportError(port, unwrap(ex));
                    }
                });
            }
        }
        else if (failure != null)
        {
            replyError(id, failure);
        }
        else if (result instanceof CompletionStage<?> stage)
        {
            stage.whenComplete((value, ex) ->
            {
                if (ex != null)
                {
                    replyError(id, unwrap(ex));
                }
                else
                {
                    reply(id, value);
                }
            });
        }
        else
        {
            reply(id, result);
        }
    }

    private Object[] arguments(final Method method, final MessageEvent event, final Object[] frame)
    {
        final Class<?>[] types = method.getParameterTypes();
        final int count = frame.length - BODY;
        if (count != types.length)
        {
            throw new IllegalArgumentException(method.getName() + " takes " + types.length + " arguments, the " +
                "call has " + count);
        }
        final Object[] args = new Object[count];
        for (int i = 0; i < count; i++)
        {
            final Object value = frame[BODY + i];
            if (value instanceof MessagePort reference && event.ports().contains(reference))
            {
                if (!types[i].isInterface())
                {
                    throw new IllegalArgumentException("argument " + i + " of " + method.getName() + " was passed " +
                        "by reference, but its type here is a class, " + types[i].getName());
                }
                args[i] = RemoteInvoker.referenceProxy(of(reference), types[i]);
            }
            else
            {
                args[i] = RemoteMethods.adapt(value, types[i]);
            }
        }
        return args;
    }

    private void reply(final long id, final Object value)
    {
        try
        {
            send(new Object[]{ REPLY, null, null, id, value }, null, null, id);
        }
        catch (final DataCloneException ex)
        {
            replyError(id, ex);
        }
    }

    private void replyError(final long id, final Throwable failure)
    {
        send(new Object[]{ ERROR, null, null, id, encodeError(failure) }, null, null, id);
    }

    // ---------------------------------------------------------------------------------------------- both

    /**
     * Numbers the frame and posts it.
     *
     * @param call    a call that waits for its reply, registered under the frame's seq before it leaves.
     * @param subject the call a reply answers, remembered until the peer acknowledges the reply; else 0.
     */
    private void send(
        final Object[] frame, final List<MessagePort> transfer, final RemoteCall call, final long subject)
    {
        synchronized (sendLock)
        {
            final long seq = lastSent + 1;
            frame[SEQ] = seq;
            frame[ACK] = received;
            if (call != null)
            {
                call.id = seq;
                pending.put(seq, call);
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
                    pending.remove(seq);
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
        closedReason = PEER_GONE;
        target = null;
        failPending();
    }

    /**
     * @return why no call can be answered any more, or null while calls can be.
     */
    private String closedReason()
    {
        final String reason = closedReason;
        if (reason != null)
        {
            return reason;
        }
        if (RemoteSupport.isPeerGone(port))
        {
            closedReason = PEER_GONE;
        }
        else if (RemoteSupport.isClosedHere(port))
        {
            closedReason = "the port no longer works here (it was closed or transferred away, or its context closed)";
        }
        return closedReason;
    }

    /**
     * Fails every pending call when the port no longer works; called by the watchdog too, which sees ports that
     * were closed here (they get no {@code close} event).
     */
    void failPending()
    {
        final String reason = closedReason();
        if (reason == null)
        {
            return;
        }
        for (final RemoteCall call : pending.values())
        {
            if (pending.remove(call.id, call))
            {
                call.fail(closedFailure(call.plan, reason));
            }
        }
    }

    boolean hasPending()
    {
        return !pending.isEmpty();
    }

    /**
     * The proxy of a port made for an object passed by reference was garbage collected: the port closes once no
     * call through it is pending, and the other side stops serving the object.
     */
    void release()
    {
        released = true;
        releaseIfIdle();
    }

    private void releaseIfIdle()
    {
        if (released && pending.isEmpty())
        {
            port.close();
            failPending();
        }
    }

    private static RemoteException closedFailure(final RemoteMethods.Plan plan, final String reason)
    {
        return new RemoteException(null, plan.key + " failed: " + reason, null, null);
    }

    private static Throwable unwrap(final Throwable failure)
    {
        return (failure instanceof CompletionException || failure instanceof ExecutionException) &&
            failure.getCause() != null ? failure.getCause() : failure;
    }

    private static void closeUnclaimed(final MessageEvent event)
    {
        for (final MessagePort p : event.ports())
        {
            synchronized (ENDPOINTS)
            {
                if (ENDPOINTS.containsKey(p))
                {
                    continue;
                }
            }
            p.close();
        }
    }

    @Override
    public String toString()
    {
        return "Remote on " + port;
    }
}
