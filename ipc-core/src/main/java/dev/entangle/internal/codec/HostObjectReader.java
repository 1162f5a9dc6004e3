package dev.entangle.internal.codec;

import org.agrona.DirectBuffer;

/**
 * The receiver's side of what only the API layer can make: the objects of the transfer list, host objects that
 * were copied into the message (see {@link HostObjectWriter}), and the exception that stands for a {@code Throwable}
 * sent in the message.
 *
 * <p>Called on the decoding thread, inside {@link StructuredCloneReader#decode}, in the order the values appear in
 * the message. Everything passed in comes from untrusted bytes. A method that finds them invalid throws any
 * {@link RuntimeException}; the reader turns it into a {@link MessageDecodeException} (one thrown as such passes
 * unchanged). When decoding fails, the reader drops what these methods returned for the message: the API layer,
 * which made those objects, releases them.
 */
public interface HostObjectReader
{
    /** Nothing transferred, no host objects, no throwables: a message with one is a {@link MessageDecodeException}. */
    HostObjectReader NONE = new HostObjectReader()
    {
        public int transferredCount()
        {
            return 0;
        }

        public Object transferred(final int index)
        {
            throw new IndexOutOfBoundsException(index);
        }

        public Object readClone(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            throw new IllegalArgumentException("no host object of type " + type + " is known here");
        }

        public Object newThrowable(
            final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
        {
            throw new UnsupportedOperationException("no throwable can be rebuilt here");
        }
    };

    /**
     * @return how many objects were transferred with the message.
     */
    int transferredCount();

    /**
     * @param index a position in {@code [0, transferredCount())}, checked by the reader.
     * @return the received object at that position of the transfer list; the same object each time it is asked.
     */
    Object transferred(int index);

    /**
     * Rebuilds a host object that was copied into the message. Called once per object: one that the sender's
     * message reached twice arrives as a back-reference to the first.
     *
     * @param type   the host type id the sender's {@link HostObjectWriter#cloneType(Object)} gave; unknown ids are
     *               the method's to refuse.
     * @param buffer holds the message.
     * @param offset where the object's bytes start.
     * @param length how many bytes it has, all within the message; the method must read no others.
     * @return the received object, never null.
     */
    Object readClone(int type, DirectBuffer buffer, int offset, int length);

    /**
     * Makes what the receiver gets for a {@code Throwable} sent in the message (the API's remote exception). A cause
     * chain is built from its end: the cause passed here is the result of an earlier call, or null. Suppressed
     * exceptions do not travel.
     *
     * @param className  the binary class name of the throwable the sender had; text only, never to be resolved as
     *                   a class.
     * @param message    its message, or null.
     * @param stackTrace its stack trace, a new array the method may keep.
     * @param cause      what this method returned for the throwable's cause, or null when it had none.
     * @return the received object, never null.
     */
    Object newThrowable(String className, String message, StackTraceElement[] stackTrace, Object cause);
}
