package dev.entangle;

/**
 * The only place where {@link Remote} touches the library's internals; every other {@code Remote*} class uses the
 * public API alone. When the internals change, this class is the one to re-point. What Remote needs to know is
 * small: which context owns a port (to make a channel beside it and to report errors there), whether the calling
 * thread is that context's event loop, whether the port still works here, and a worker's implicit port.
 */
final class RemoteSupport
{
    private RemoteSupport()
    {
    }

    /**
     * @param port a port made by this library.
     * @return the context that owns the port now.
     */
    static Context contextOf(final MessagePort port)
    {
        return state(port).context.facade();
    }

    /**
     * @param port a port made by this library.
     * @return true when the calling thread is the event loop that runs the port's listeners.
     */
    static boolean isEventLoopThread(final MessagePort port)
    {
        return state(port).context.onLoopThread();
    }

    /**
     * @param port a port made by this library.
     * @return true when the port was closed here or transferred away (it gets no {@code close} event then).
     */
    static boolean isClosedHere(final MessagePort port)
    {
        final PortState.Phase phase = state(port).phase();
        return phase == PortState.Phase.CLOSED || phase == PortState.Phase.DETACHED;
    }

    /**
     * @param port a port made by this library.
     * @return true when the port's peer went away: it closed, or its context or process ended.
     */
    static boolean isPeerGone(final MessagePort port)
    {
        return state(port).phase() == PortState.Phase.DISENTANGLED;
    }

    /**
     * Hands an exception to the error handler of the context that owns the port, on the calling thread.
     *
     * @param port  a port made by this library.
     * @param error what to report.
     */
    static void reportError(final MessagePort port, final Throwable error)
    {
        state(port).context.errorHandler().onError(error);
    }

    /**
     * @param worker a worker.
     * @return the parent's side of its implicit port.
     */
    static MessagePort implicitPort(final Worker worker)
    {
        return worker.port();
    }

    /**
     * @param self a worker's scope, as given to {@link WorkerMain#run}.
     * @return the worker's side of its implicit port.
     * @throws IllegalArgumentException for a scope not made by this library.
     */
    static MessagePort implicitPort(final WorkerScope self)
    {
        if (self instanceof WorkerLauncher.Scope scope)
        {
            return scope.port();
        }
        throw new IllegalArgumentException("not the scope of a worker started by Worker.start: " + self);
    }

    private static PortState state(final MessagePort port)
    {
        if (port instanceof PortHandle handle)
        {
            return handle.state();
        }
        throw new IllegalArgumentException("not a port made by this library: " + port);
    }
}
