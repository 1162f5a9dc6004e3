package dev.entangle.internal.codec;

import org.agrona.MutableDirectBuffer;

/**
 * The sender's side of the objects that the API layer owns and the codec cannot know: ports, which travel only in
 * the transfer list, and buffers, which travel in the transfer list or are copied into the message by value.
 *
 * <p>The writer offers a value here only when it is none of the structured clone's own types (null, boxes, strings,
 * big numbers, {@code java.time} values, {@code UUID}, {@code Optional}, patterns, enums, throwables, arrays, lists,
 * sets, maps, records); a host class must therefore be none of these. For each occurrence of such a value the writer
 * asks, in this order:
 * <ol>
 *     <li>{@link #transferIndex(Object)}: a value in the transfer list travels as its index there, whatever it is,
 *     and arrives as {@link HostObjectReader#transferred(int)} of that index;</li>
 *     <li>{@link #mustBeTransferred(Object)}: a value that may only travel in the transfer list (a port) and is not
 *     there is refused: {@code "data.x: a MessagePort in the message must also be in the transfer list"};</li>
 *     <li>{@link #cloneType(Object)}: {@link #NOT_HOST} refuses the value as not cloneable; a host type id copies
 *     it into the message: {@link #cloneLength(Object)} bytes written by {@link #cloneInto}, given on arrival to
 *     {@link HostObjectReader#readClone} with the same type id.</li>
 * </ol>
 * A value copied into the message has identity, as a container does: met again in the same message it is written as
 * a back-reference without asking again, and the receiver gets one object reached twice.
 *
 * <p>Called on the encoding thread, inside {@link StructuredCloneWriter#encode}, which holds no lock. The methods
 * are asked once per occurrence, so they should answer without allocating. When a message turns out to be over its
 * size limit the writer walks it a second time, without writing, to tell the sender its size: the first three
 * methods may then be asked again. Any exception other than a {@link CloneRefusedException} from
 * {@link #cloneType(Object)} propagates out of {@code encode} unchanged.
 */
public interface HostObjectWriter
{
    /** Returned by {@link #cloneType(Object)} for a value that is no host object: it is refused as not cloneable. */
    int NOT_HOST = -1;

    /** No host objects and an empty transfer list: every value outside the structured clone's types is refused. */
    HostObjectWriter NONE = new HostObjectWriter()
    {
        public int transferIndex(final Object value)
        {
            return -1;
        }

        public boolean mustBeTransferred(final Object value)
        {
            return false;
        }

        public int cloneType(final Object value)
        {
            return NOT_HOST;
        }

        public int cloneLength(final Object value)
        {
            throw new IllegalStateException("no host objects");
        }

        public void cloneInto(final Object value, final MutableDirectBuffer buffer, final int offset)
        {
            throw new IllegalStateException("no host objects");
        }
    };

    /**
     * @param value a value met in the message graph that is none of the structured clone's own types.
     * @return its position in the transfer list, compared by identity, or -1 when the list does not hold it.
     */
    int transferIndex(Object value);

    /**
     * Asked only for a value that is not in the transfer list.
     *
     * @param value a value met in the message graph that is none of the structured clone's own types.
     * @return true when the value may travel only in the transfer list (a port): the message is then refused.
     */
    boolean mustBeTransferred(Object value);

    /**
     * Asked only for a value that is not in the transfer list and need not be.
     *
     * @param value a value met in the message graph that is none of the structured clone's own types.
     * @return the host type id, at least 0, under which the value is copied into the message; or {@link #NOT_HOST}
     * when it is no host object, and is refused as not cloneable.
     * @throws CloneRefusedException to refuse a host object that cannot travel now; its message is the reason,
     *                               phrased to follow the class name, as {@code "is detached"}.
     */
    int cloneType(Object value);

    /**
     * Asked only after {@link #cloneType(Object)} returned a host type id for the same value.
     *
     * @param value a host object copied into the message.
     * @return how many bytes {@link #cloneInto} will write for it, at least 0.
     */
    int cloneLength(Object value);

    /**
     * Writes the value's bytes. Not called when the writer is only measuring an oversized message.
     *
     * @param value  a host object copied into the message.
     * @param buffer where the message is being written, with room for the value's bytes.
     * @param offset where the value's bytes go; exactly {@link #cloneLength(Object)} bytes from here are reserved
     *               for them, no more may be written and all must be.
     */
    void cloneInto(Object value, MutableDirectBuffer buffer, int offset);
}
