package dev.entangle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.entangle.RemoteFrames.*;

/**
 * The calling side of one port's {@link RemoteEndpoint}: the calls made through the port that wait for replies,
 * how a caller waits for its reply, and why, once the port stops working, no call can be answered any more. A call
 * that wants a reply is pending from the moment its frame is numbered until its reply is read, its caller gives up
 * (timeout or interrupt), or the port stops working; the first of these decides it, so that no call waits forever.
 * A port made for an object passed by reference closes here once its proxy is gone and no call through it waits.
 */
final class RemoteCaller
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
    /** While spinning, the clock is read once in this many + 1 looks. */
    private static final int CLOCK_EVERY_SPINS = 63;
    private static final Object[] NO_ARGS = new Object[0];
    private static final String PEER_GONE = "the port closed (its peer closed, or the process that served it ended)";

    private final RemoteEndpoint endpoint;
    private final MessagePort port;
    private final ConcurrentHashMap<Long, RemoteCall> pending = new ConcurrentHashMap<>();
    private volatile String closedReason;
    /** The proxy of this port, made for an object passed by reference, was collected: close once no call waits. */
    private volatile boolean released;

    RemoteCaller(final RemoteEndpoint endpoint)
    {
        this.endpoint = endpoint;
        this.port = endpoint.port;
    }

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
            endpoint.send(frame, transferOf(references), call, 0);
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
        RemoteEndpoint.of(channel.port1()).serve(referenced);
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
        int spins = 0;
        boolean spinning = true;
        while (!call.isDone())
        {
            if (endpoint.inbox.readOne())
            {
                continue;
            }
            if (spinning && (++spins & CLOCK_EVERY_SPINS) != 0)
            {
                // Most replies come while spinning: the clock, which costs more than a look at the port, is read
                // only now and then.
                Thread.onSpinWait();
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
            else if (spinning)
            {
                spinning = false;
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
     * Makes a call pending under the seq of its frame, before the frame is posted; called with the send lock held.
     */
    void add(final long seq, final RemoteCall call)
    {
        call.id = seq;
        pending.put(seq, call);
    }

    /**
     * @return the call pending under that seq, no longer pending; null when none is.
     */
    RemoteCall remove(final long seq)
    {
        return pending.remove(seq);
    }

    /**
     * Completes the call a {@code REPLY} or {@code ERROR} frame answers, unless it is decided already.
     */
    void onReply(final Object[] frame)
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

    /**
     * The port's close event: its peer closed, or the peer's process or context ended.
     */
    void peerGone()
    {
        closedReason = PEER_GONE;
    }

    /**
     * @return why no call can be answered any more, or null while calls can be.
     */
    String closedReason()
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
}
