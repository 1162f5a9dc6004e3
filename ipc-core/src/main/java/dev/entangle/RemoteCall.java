package dev.entangle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * One call waiting for its reply: a thread blocked in a method that waits, or a future handed out at once. The
 * first outcome wins; whoever reads the reply (the port's event loop, or a waiting caller) completes it.
 */
final class RemoteCall
{
    private static final VarHandle OUTCOME;
    private static final Object PENDING = new Object();

    static
    {
        try
        {
            OUTCOME = MethodHandles.lookup().findVarHandle(RemoteCall.class, "outcome", Object.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final RemoteMethods.Plan plan;
    /** The call's id: the seq of its frame, set before the frame is posted. */
    long id;
    private final CompletableFuture<Object> future;
    private volatile Object outcome = PENDING;
    private volatile Thread parked;

    RemoteCall(final RemoteMethods.Plan plan)
    {
        this.plan = plan;
        this.future = plan.kind == RemoteMethods.ASYNC ? new CompletableFuture<>() : null;
    }

    /**
     * @return the future a method returning one hands out; null for a call that waits.
     */
    CompletableFuture<Object> future()
    {
        return future;
    }

    boolean isDone()
    {
        return outcome != PENDING;
    }

    /**
     * @param value the clone of the result.
     */
    void complete(final Object value)
    {
        final Object adapted = RemoteMethods.adapt(value, plan.resultType);
        if (OUTCOME.compareAndSet(this, PENDING, new Outcome(adapted, null)))
        {
            finish();
            if (future != null)
            {
                future.complete(adapted);
            }
        }
    }

    /**
     * @param failure why the call failed.
     */
    void fail(final RemoteException failure)
    {
        if (OUTCOME.compareAndSet(this, PENDING, new Outcome(null, failure)))
        {
            finish();
            if (future != null)
            {
                future.completeExceptionally(failure);
            }
        }
    }

    /**
     * Parks the calling thread, which waits for this call, until the outcome arrives or the time passes.
     */
    void park(final long nanos)
    {
        parked = Thread.currentThread();
        if (!isDone())
        {
            LockSupport.parkNanos(this, nanos);
        }
        parked = null;
    }

    /**
     * @return the result of a call that is done.
     * @throws RemoteException when the call failed; its stack trace ends with the caller's own frames, below a
     *                         frame that marks the crossing, so that both sides of the call are in it.
     */
    Object result()
    {
        final Outcome done = (Outcome)outcome;
        if (done.failure == null)
        {
            return done.value;
        }
        final RemoteException failure = done.failure;
        final StackTraceElement[] remote = failure.getStackTrace();
        final StackTraceElement[] local = new Throwable().getStackTrace();
        final StackTraceElement[] both = Arrays.copyOf(remote, remote.length + 1 + local.length);
        both[remote.length] = new StackTraceElement("dev.entangle.Remote", "call", "call of " + plan.key, -1);
        System.arraycopy(local, 0, both, remote.length + 1, local.length);
        failure.setStackTrace(both);
        throw failure;
    }

    private void finish()
    {
        final Thread waiter = parked;
        if (waiter != null)
        {
            LockSupport.unpark(waiter);
        }
    }

    private record Outcome(Object value, RemoteException failure)
    {
    }
}
