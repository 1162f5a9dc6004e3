package dev.entangle;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The layout of Remote's messages, and exceptions as plain data. Every frame is an {@code Object[]} of values any
 * context can rebuild (strings, boxed numbers, arrays, the values of the call), never a record, so that using Remote
 * asks nothing of the receiving context's settings:
 * <pre>
 *   CALL       [kind, seq, ack, methodKey, arg0, arg1, ...]    a reply is wanted; the call's id is its seq
 *   CALL_VOID  [kind, seq, ack, methodKey, arg0, arg1, ...]    no reply
 *   REPLY      [kind, seq, ack, callId, value]
 *   ERROR      [kind, seq, ack, callId, error]                 error: see {@link #encodeError}
 *   LOST       [kind, seq, ack, lostSeq]                       the frame lostSeq could not be deserialized here
 * </pre>
 * {@code seq} numbers the frames one side sends on a port, from 1, in the order they are posted; {@code ack} is the
 * highest seq up to which the sender has received every frame of the other side. Knowing which frame a
 * {@code messageerror} stands for lets the sender fail the one call concerned, instead of leaving it to time out.
 */
final class RemoteFrames
{
    /*
     * Kinds read "RM" and a number in hexadecimal: an int costs four bytes whatever its value, and a stray message
     * of the same shape is unlikely to start with one of these.
     */
    static final Integer CALL = 0x524D_0001;
    static final Integer CALL_VOID = 0x524D_0002;
    static final Integer REPLY = 0x524D_0003;
    static final Integer ERROR = 0x524D_0004;
    static final Integer LOST = 0x524D_0005;

    static final int KIND = 0;
    static final int SEQ = 1;
    static final int ACK = 2;
    /** The method key of a call, the call id of a reply or error, the lost seq of a lost frame. */
    static final int SUBJECT = 3;
    /** The first argument of a call, the value of a reply or error. */
    static final int BODY = 4;

    /** Deeper cause chains are cut: a cycle or a pathological chain must not make the error unsendable. */
    private static final int MAX_CAUSES = 32;
    private static final int ERROR_CLASS = 0;
    private static final int ERROR_MESSAGE = 1;
    private static final int ERROR_TRACE = 2;
    private static final int ERROR_CAUSE = 3;
    private static final int ERROR_SUPPRESSED = 4;
    private static final int ERROR_FIELDS = 5;
    private static final int TRACE_FIELDS = 7;

    private RemoteFrames()
    {
    }

    /**
     * @param data a message's data.
     * @return the frame, or null when the data is not one of Remote's frames.
     */
    static Object[] asFrame(final Object data)
    {
        if (data instanceof Object[] frame && frame.length > SUBJECT && frame[KIND] instanceof Integer kind &&
            frame[SEQ] instanceof Long && frame[ACK] instanceof Long)
        {
            final boolean valid = kind.equals(CALL) || kind.equals(CALL_VOID) ? frame[SUBJECT] instanceof String :
                kind.equals(REPLY) || kind.equals(ERROR) ? frame.length > BODY && frame[SUBJECT] instanceof Long :
                kind.equals(LOST) && frame[SUBJECT] instanceof Long;
            return valid ? frame : null;
        }
        return null;
    }

    static int kind(final Object[] frame)
    {
        return (Integer)frame[KIND];
    }

    static long seq(final Object[] frame)
    {
        return (Long)frame[SEQ];
    }

    static long ack(final Object[] frame)
    {
        return (Long)frame[ACK];
    }

    /**
     * Puts an exception into plain data: class name, message, stack trace (seven values per element), cause and
     * suppressed exceptions, each encoded the same way. A {@link RemoteException} keeps the name of the class it
     * stands for, so an exception relayed through several processes still names where it began.
     *
     * @param error the exception.
     * @return an {@code Object[]} any context can rebuild.
     */
    static Object[] encodeError(final Throwable error)
    {
        return encodeError(error, new IdentityHashMap<>(), 0);
    }

    private static Object[] encodeError(final Throwable error, final Map<Throwable, Boolean> seen, final int depth)
    {
        seen.put(error, Boolean.TRUE);
        final Object[] data = new Object[ERROR_FIELDS];
        data[ERROR_CLASS] = error instanceof RemoteException remote ?
            remote.remoteClassName() : error.getClass().getName();
        data[ERROR_MESSAGE] = error.getMessage();
        final StackTraceElement[] trace = error.getStackTrace();
        final Object[] flat = new Object[trace.length * TRACE_FIELDS];
        for (int i = 0; i < trace.length; i++)
        {
            final StackTraceElement element = trace[i];
            final int at = i * TRACE_FIELDS;
            flat[at] = element.getClassLoaderName();
            flat[at + 1] = element.getModuleName();
            flat[at + 2] = element.getModuleVersion();
            flat[at + 3] = element.getClassName();
            flat[at + 4] = element.getMethodName();
            flat[at + 5] = element.getFileName();
            flat[at + 6] = element.getLineNumber();
        }
        data[ERROR_TRACE] = flat;
        final Throwable cause = error.getCause();
        if (cause != null && depth < MAX_CAUSES && !seen.containsKey(cause))
        {
            data[ERROR_CAUSE] = encodeError(cause, seen, depth + 1);
        }
        final Throwable[] suppressed = error.getSuppressed();
        if (suppressed.length > 0 && depth < MAX_CAUSES)
        {
            final Object[] encoded = new Object[suppressed.length];
            int count = 0;
            for (final Throwable s : suppressed)
            {
                if (!seen.containsKey(s))
                {
                    encoded[count++] = encodeError(s, seen, depth + 1);
                }
            }
            data[ERROR_SUPPRESSED] = Arrays.copyOf(encoded, count);
        }
        return data;
    }

    /**
     * Rebuilds what {@link #encodeError} made.
     *
     * @param encoded the plain data.
     * @return the exception; data of an unexpected shape becomes a {@code RemoteException} that says so.
     */
    static RemoteException decodeError(final Object encoded)
    {
        try
        {
            return decodeError((Object[])encoded, 0);
        }
        catch (final RuntimeException ex)
        {
            return new RemoteException(null, "the remote side sent an error in an unknown form", null, ex);
        }
    }

    private static RemoteException decodeError(final Object[] data, final int depth)
    {
        final Object[] flat = (Object[])data[ERROR_TRACE];
        final StackTraceElement[] trace = new StackTraceElement[flat.length / TRACE_FIELDS];
        for (int i = 0; i < trace.length; i++)
        {
            final int at = i * TRACE_FIELDS;
            trace[i] = new StackTraceElement((String)flat[at], (String)flat[at + 1], (String)flat[at + 2],
                (String)flat[at + 3], (String)flat[at + 4], (String)flat[at + 5], (Integer)flat[at + 6]);
        }
        final Object[] causeData = (Object[])data[ERROR_CAUSE];
        final RemoteException cause = causeData != null && depth < MAX_CAUSES ?
            decodeError(causeData, depth + 1) : null;
        final RemoteException error =
            new RemoteException((String)data[ERROR_CLASS], (String)data[ERROR_MESSAGE], trace, cause);
        final Object[] suppressed = (Object[])data[ERROR_SUPPRESSED];
        if (suppressed != null && depth < MAX_CAUSES)
        {
            for (final Object s : suppressed)
            {
                error.addSuppressed(decodeError((Object[])s, depth + 1));
            }
        }
        return error;
    }
}
