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

    static Object readClone(
        final ContextCore context,
        final java.util.List<SharedArrayBuffer> shared,
        final int type,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        switch (type)
        {
            case Outgoing.ARRAY_BUFFER_COPY:
                return ArrayBuffer.copyOf(context, buffer, offset, length);
            case Outgoing.SHARED_BUFFER:
                final int index = length == Integer.BYTES ? buffer.getInt(offset) : -1;
                if (index < 0 || index >= shared.size())
                {
                    throw new IllegalArgumentException("shared buffer " + index + " of " + shared.size() +
                        " carried by the message");
                }
                return shared.get(index);
            default:
                throw new IllegalArgumentException("unknown host object type " + type);
        }
    }

    static Object newThrowable(
        final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
    {
        return new RemoteException(className, message, stackTrace, (Throwable)cause);
    }
}
