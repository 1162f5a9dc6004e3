package dev.entangle;

/**
 * An exception thrown in another process, or the failure of a call to another process, as it arrives here: it
 * names the remote exception's class, carries its message, its stack trace and its cause chain (each cause a
 * {@code RemoteException} too). It never holds an instance of the remote class: that class need not exist here.
 * <p>
 * {@link Remote} throws it (or completes a future with it) when the target of a call threw, when the call timed out
 * (the cause is then a {@link java.util.concurrent.TimeoutException}), and when the port closed or the serving
 * process ended before the reply came.
 */
public class RemoteException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The class of the exception thrown remotely (part of the serialized form). */
    private final String remoteClassName;

    /**
     * @param remoteClassName  the class of the exception thrown remotely; for a failure of the call itself (timeout,
     *                         closed port), the name of this class.
     * @param message          the remote exception's message, possibly null.
     * @param remoteStackTrace the remote exception's stack trace; null to keep the stack trace of this construction.
     * @param cause            the remote cause (normally a {@code RemoteException}), or the local reason of a failed
     *                         call; possibly null.
     */
    // setStackTrace is overridable, so newer compilers warn that 'this' escapes to a subclass not yet initialised;
    // Throwable's own constructors call fillInStackTrace the same way, and a subclass gets a complete trace here.
    @SuppressWarnings("this-escape")
    public RemoteException(
        final String remoteClassName,
        final String message,
        final StackTraceElement[] remoteStackTrace,
        final Throwable cause)
    {
        super(message, cause);
        this.remoteClassName = remoteClassName != null ? remoteClassName : RemoteException.class.getName();
        if (remoteStackTrace != null)
        {
            setStackTrace(remoteStackTrace);
        }
    }

    /**
     * @return the fully qualified name of the exception's class where it was thrown; for a failure of the call
     * itself (timeout, closed port), the name of this class.
     */
    public String remoteClassName()
    {
        return remoteClassName;
    }

    /**
     * @return this class's name, then the remote class name and the message, so that a printed stack trace says
     * what was thrown remotely.
     */
    @Override
    public String toString()
    {
        final String message = getLocalizedMessage();
        final String prefix = getClass().getName() + ": ";
        if (RemoteException.class.getName().equals(remoteClassName))
        {
            return message != null ? prefix + message : getClass().getName();
        }
        return message != null ? prefix + remoteClassName + ": " + message : prefix + remoteClassName;
    }
}
