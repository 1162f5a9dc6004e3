package dev.entangle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import static dev.entangle.RemoteFrames.*;

/**
 * The serving side of one port's {@link RemoteEndpoint}: the object served on the port, if any, and the answer to
 * each call frame, run on the port's event loop one at a time and in the order the calls were sent. A call whose
 * method returns a {@link CompletionStage} is answered when the stage completes, so that a slow operation need not
 * hold the loop.
 */
final class RemoteServer
{
    private final RemoteEndpoint endpoint;
    private final MessagePort port;
    private volatile Object target;

    RemoteServer(final RemoteEndpoint endpoint)
    {
        this.endpoint = endpoint;
        this.port = endpoint.port;
    }

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
        return new RemoteExposed(endpoint, target);
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

    /** Stops serving whatever is served: the port closed. */
    void stop()
    {
        target = null;
    }

    /** Runs a call on the event loop and answers it, now or when the future it returned completes. */
    void answer(final MessageEvent event, final Object[] frame)
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
                args[i] = RemoteInvoker.referenceProxy(RemoteEndpoint.of(reference), types[i]);
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
            endpoint.send(new Object[]{ REPLY, null, null, id, value }, null, null, id);
        }
        catch (final DataCloneException ex)
        {
            replyError(id, ex);
        }
    }

    /**
     * Answers the call of that id with an exception, as plain data that the caller can always read.
     */
    void replyError(final long id, final Throwable failure)
    {
        endpoint.send(new Object[]{ ERROR, null, null, id, encodeError(failure) }, null, null, id);
    }

    private static Throwable unwrap(final Throwable failure)
    {
        return (failure instanceof CompletionException || failure instanceof ExecutionException) &&
            failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * Closes the ports a failed call brought that no proxy took, so that the caller's side stops serving them.
     */
    private static void closeUnclaimed(final MessageEvent event)
    {
        for (final MessagePort p : event.ports())
        {
            if (!RemoteEndpoint.isClaimed(p))
            {
                p.close();
            }
        }
    }
}
