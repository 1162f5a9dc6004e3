package dev.entangle;

import java.time.Duration;
import java.util.Objects;

/**
 * Calls methods of an object in another context, usually another process, as if it were local, over a port: one
 * side {@link #expose exposes} an object on its port, the other {@link #wrap wraps} the entangled port in a proxy
 * of an interface the object implements.
 * <pre>{@code
 * // in the serving process
 * Remote.expose(port, new KeyValueStore());
 * // in the calling process
 * Store store = Remote.wrap(otherPort, Store.class);
 * store.put("colour", "green");                        // void: sent without waiting
 * String colour = store.get("colour");                 // waits for the reply
 * CompletableFuture<Integer> size = store.sizeAsync(); // returns at once
 * }</pre>
 * <h2>Calls</h2>
 * A proxy method returning {@code CompletableFuture}, {@code CompletionStage} or {@code Future} returns at once; its
 * future completes with the result, on whichever thread reads the reply. A {@code void} method sends the call and
 * returns without waiting; if it fails, the exception goes to the error handler of the serving context (declare it
 * to return {@code CompletableFuture<Void>} to wait for it). Any other method waits for the result, up to the
 * proxy's timeout (default {@link #DEFAULT_TIMEOUT}); on the event loop of the port's context it cannot wait, since
 * that loop delivers the reply, and throws {@link IllegalStateException} instead. {@code equals}, {@code hashCode}
 * and {@code toString} act on the proxy itself. Proxy methods may be called from any number of threads at once.
 * <h2>Values</h2>
 * Arguments and results are structured clones, as for {@link MessagePort#postMessage}; a value that cannot be
 * cloned throws {@link DataCloneException} at the call (and fails the call when it is a result). A record
 * among them must be allowed ({@link Context.Builder#allowRecord}) by the context that receives it; if it is not,
 * the call fails with a {@link RemoteException} naming {@link MessageErrorException} rather than timing out.
 * Remote's own messages are plain lists of strings and numbers: they need no such setting. An argument wrapped in
 * {@link #byReference} is not cloned: it travels as a new port on which it is served, and arrives as a proxy of the
 * method's parameter type, which must be an interface; use it for callbacks, listeners and progress reports.
 * <h2>Failures</h2>
 * An exception thrown by the target arrives as a {@link RemoteException} with the remote class name, message,
 * stack trace and cause chain; a method that waits throws it with its own stack below the remote one, a future
 * completes exceptionally with it. A method that waits and gets no reply in time throws a {@code RemoteException}
 * whose cause is a {@link java.util.concurrent.TimeoutException}. When the port closes, or the process or context
 * of its peer ends, every pending call fails at once (within the liveness interval for a process that died) with a
 * {@code RemoteException} that says so, and later calls fail the same way; no call waits forever.
 * <h2>Serving</h2>
 * {@link #expose} serves calls on the event loop of the port's context, one at a time, in the order they were
 * sent; a target method that returns a {@code CompletionStage} is answered when the stage completes, so a slow
 * operation need not hold the loop. Every public method of the target's class can be called, except those of
 * {@code Object}.
 * <h2>The port</h2>
 * A port given to {@code expose} or {@code wrap} belongs to Remote from then on: Remote reads every message that
 * arrives at it (ignoring anything that is not one of its own), starts it when it needs its event loop to, and
 * takes its {@code onClose} and {@code onMessageError} handlers. Post nothing else on it and set no other handler;
 * make another channel for other messages. One port may be both exposed and wrapped, to call in both directions,
 * and wrapped for several interfaces. A worker's implicit port serves the same way through
 * {@link #expose(WorkerScope, Object)} and {@link #wrap(Worker, Class)}.
 */
public final class Remote
{
    /** How long a method that waits for its result waits, unless the proxy was made with another timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Remote()
    {
    }

    /**
     * Serves an object's public methods on a port, until the returned handle is closed or the port closes.
     *
     * @param port   the port; from now on Remote's (see the class comment).
     * @param target the object to serve.
     * @return the handle that stops serving.
     * @throws IllegalStateException    when the port serves an object already.
     * @throws IllegalArgumentException for a port not made by this library.
     */
    public static Exposed expose(final MessagePort port, final Object target)
    {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(target, "target");
        return RemoteEndpoint.of(port).serve(target);
    }

    /**
     * Serves an object, from inside a worker, on the worker's implicit port, to its parent's
     * {@link #wrap(Worker, Class)}. The implicit port is then Remote's: the worker's {@code onMessage} listener
     * would see Remote's messages, so use another channel for other messages.
     *
     * @param self   the worker's scope, as given to {@link WorkerMain#run}.
     * @param target the object to serve.
     * @return the handle that stops serving.
     * @throws IllegalStateException when the worker serves an object already.
     */
    public static Exposed expose(final WorkerScope self, final Object target)
    {
        Objects.requireNonNull(self, "self");
        return expose(RemoteSupport.implicitPort(self), target);
    }

    /**
     * @param port the port whose entangled port serves an object; from now on Remote's (see the class comment).
     * @param api  an interface the served object implements, or whose methods it has.
     * @param <T>  the interface.
     * @return a proxy whose methods call the served object, waiting up to {@link #DEFAULT_TIMEOUT}.
     * @throws IllegalArgumentException when {@code api} is not an interface, or for a port not made by this library.
     */
    public static <T> T wrap(final MessagePort port, final Class<T> api)
    {
        return wrap(port, api, DEFAULT_TIMEOUT);
    }

    /**
     * @param port    the port whose entangled port serves an object; from now on Remote's (see the class comment).
     * @param api     an interface the served object implements, or whose methods it has.
     * @param timeout how long a method that waits for its result waits for it; positive.
     * @param <T>     the interface.
     * @return a proxy whose methods call the served object.
     * @throws IllegalArgumentException when {@code api} is not an interface, the timeout is not positive, or for a
     *                                  port not made by this library.
     */
    public static <T> T wrap(final MessagePort port, final Class<T> api, final Duration timeout)
    {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        final long timeoutNs = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 4 : timeout.toNanos();
        return RemoteInvoker.proxy(RemoteEndpoint.of(port), api, timeoutNs);
    }

    /**
     * A proxy of the object a worker serves with {@link #expose(WorkerScope, Object)}, over the worker's implicit
     * port, which is then Remote's: the worker's {@code onMessage} listener would see Remote's replies. Calls made
     * before the worker is ready wait for it; when the worker ends, pending calls fail.
     *
     * @param worker the worker.
     * @param api    an interface the served object implements.
     * @param <T>    the interface.
     * @return a proxy whose methods call the worker's object, waiting up to {@link #DEFAULT_TIMEOUT}.
     */
    public static <T> T wrap(final Worker worker, final Class<T> api)
    {
        return wrap(worker, api, DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #wrap(Worker, Class)}, with a timeout.
     *
     * @param worker  the worker.
     * @param api     an interface the served object implements.
     * @param timeout how long a method that waits for its result waits for it; positive.
     * @param <T>     the interface.
     * @return a proxy whose methods call the worker's object.
     */
    public static <T> T wrap(final Worker worker, final Class<T> api, final Duration timeout)
    {
        Objects.requireNonNull(worker, "worker");
        return wrap(RemoteSupport.implicitPort(worker), api, timeout);
    }

    /**
     * Marks an object to be passed by reference rather than cloned, when given straight as an argument of a remote
     * call whose parameter type is an interface: the receiver gets a proxy of that interface, whose calls run here,
     * on the event loop of the calling port's context. The object is served until the receiver's proxy is garbage
     * collected or either side's context ends. Anywhere else in a message (inside a list, a map or a record, or for
     * a parameter whose type is a class) it cannot be cloned: {@link DataCloneException}.
     *
     * @param target the object; it must implement an interface other than a collection or map.
     * @param <T>    the static type; pass the result straight to the remote call.
     * @return a stand-in that implements the target's interfaces and forwards calls to it.
     * @throws IllegalArgumentException when the target implements no such interface.
     */
    @SuppressWarnings("unchecked")
    public static <T> T byReference(final T target)
    {
        Objects.requireNonNull(target, "target");
        return (T)RemoteReference.of(target);
    }

    /**
     * An object served on a port.
     */
    public interface Exposed extends AutoCloseable
    {
        /**
         * Stops serving: calls that arrive afterwards fail with a {@link RemoteException}; the port stays open.
         * Idempotent.
         */
        @Override
        void close();
    }
}
