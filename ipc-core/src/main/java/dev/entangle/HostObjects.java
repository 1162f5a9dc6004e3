package dev.entangle;

import org.agrona.DirectBuffer;

/**
 * The objects of the API that the structured clone cannot make by itself: exceptions, which arrive as
 * {@link RemoteException}, and copied buffers.
 */
final class HostObjects
{
    private HostObjects()
    {
    }

    static Object readClone(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        throw new IllegalArgumentException("unknown host object type " + type);
    }

    static Object newThrowable(
        final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
    {
        return new RemoteException(className, message, stackTrace, (Throwable)cause);
    }
}
