package dev.entangle.internal.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Stand-ins for the API layer's host objects and its two hooks, enough to see the codec use them: a port that must
 * be transferred, a buffer copied by value (or transferred), a shared buffer that travels as a handle, and the
 * exception that stands for a received throwable.
 */
final class HostDoubles
{
    static final int BUFFER_TYPE = 1;
    static final int SHARED_TYPE = 2;
    private static final int SHARED_LENGTH = 8 + 8 + 4;

    private HostDoubles()
    {
    }

    /** Stands for a MessagePort: it may travel only in the transfer list. */
    static final class FakePort
    {
        final int id;

        FakePort(final int id)
        {
            this.id = id;
        }
    }

    /** Stands for an ArrayBuffer: copied into the message when not transferred; detached, it is refused. */
    static final class FakeBuffer
    {
        final byte[] bytes;
        boolean detached;

        FakeBuffer(final byte[] bytes)
        {
            this.bytes = bytes;
        }
    }

    /** Stands for a SharedArrayBuffer: travels as a handle to the same memory. */
    record FakeShared(long fileId, long slot, int byteLength)
    {
    }

    /** Holds a FakeShared without being a record, so that the codec sees a host object. */
    static final class SharedHolder
    {
        final FakeShared handle;

        SharedHolder(final FakeShared handle)
        {
            this.handle = handle;
        }

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof SharedHolder holder && holder.handle.equals(handle);
        }

        @Override
        public int hashCode()
        {
            return handle.hashCode();
        }
    }

    /** What a receiver gets for a throwable, as the API's remote exception would be. */
    static final class RemoteFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        final String remoteClassName;

        RemoteFailure(final String remoteClassName, final String message, final StackTraceElement[] trace,
            final RemoteFailure cause)
        {
            super(message, cause);
            this.remoteClassName = remoteClassName;
            setStackTrace(trace);
        }
    }

    static final class Sender implements HostObjectWriter
    {
        private final List<?> transfer;
        int cloneIntoCalls;

        Sender(final List<?> transfer)
        {
            this.transfer = transfer;
        }

        public int transferIndex(final Object value)
        {
            for (int i = 0; i < transfer.size(); i++)
            {
                if (transfer.get(i) == value)
                {
                    return i;
                }
            }
            return -1;
        }

        public boolean mustBeTransferred(final Object value)
        {
            return value instanceof FakePort;
        }

        public int cloneType(final Object value)
        {
            if (value instanceof FakeBuffer buffer)
            {
                if (buffer.detached)
                {
                    throw new CloneRefusedException("is detached");
                }
                return BUFFER_TYPE;
            }
            return value instanceof SharedHolder ? SHARED_TYPE : NOT_HOST;
        }

        public int cloneLength(final Object value)
        {
            return value instanceof FakeBuffer buffer ? buffer.bytes.length : SHARED_LENGTH;
        }

        public void cloneInto(final Object value, final MutableDirectBuffer buffer, final int offset)
        {
            cloneIntoCalls++;
            if (value instanceof FakeBuffer fake)
            {
                buffer.putBytes(offset, fake.bytes);
            }
            else
            {
                final FakeShared handle = ((SharedHolder)value).handle;
                buffer.putLong(offset, handle.fileId(), ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(offset + 8, handle.slot(), ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(offset + 16, handle.byteLength(), ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    static final class Receiver implements HostObjectReader
    {
        private final List<?> transferred;
        int readCloneCalls;
        int newThrowableCalls;

        Receiver(final List<?> transferred)
        {
            this.transferred = transferred;
        }

        public int transferredCount()
        {
            return transferred.size();
        }

        public Object transferred(final int index)
        {
            return transferred.get(index);
        }

        public Object readClone(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            readCloneCalls++;
            if (type == BUFFER_TYPE)
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                return new FakeBuffer(bytes);
            }
            if (type == SHARED_TYPE)
            {
                if (length != SHARED_LENGTH)
                {
                    throw new IllegalArgumentException("a shared buffer handle has " + SHARED_LENGTH + " bytes, not " +
                        length);
                }
                final int byteLength = buffer.getInt(offset + 16, ByteOrder.LITTLE_ENDIAN);
                if (byteLength < 0)
                {
                    throw new IllegalArgumentException("negative shared buffer length " + byteLength);
                }
                return new SharedHolder(new FakeShared(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN),
                    buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN), byteLength));
            }
            throw new IllegalArgumentException("unknown host object type " + type);
        }

        public Object newThrowable(
            final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
        {
            newThrowableCalls++;
            return new RemoteFailure(className, message, stackTrace, (RemoteFailure)cause);
        }
    }

    /**
     * @return null when {@code received} is what a receiver should get for {@code sent} (class name, message, stack
     * trace as printed, and cause chain, up to {@code links} throwables), else how they differ.
     */
    static String throwableDifference(final Throwable sent, final Object received, final int links)
    {
        Throwable s = sent;
        Object r = received;
        for (int i = 0; i < links; i++)
        {
            if (!(r instanceof RemoteFailure failure))
            {
                return "link " + i + " arrived as " + r;
            }
            if (!failure.remoteClassName.equals(s.getClass().getName()) ||
                !Objects.equals(failure.getMessage(), s.getMessage()) ||
                !Arrays.toString(failure.getStackTrace()).equals(Arrays.toString(s.getStackTrace())))
            {
                return "link " + i + " differs: " + failure.remoteClassName + ": " + failure.getMessage();
            }
            s = s.getCause();
            r = failure.getCause();
        }
        return r == null ? null : "the chain is longer than " + links;
    }
}
