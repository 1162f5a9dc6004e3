package dev.entangle.internal.codec;

/**
 * Thrown by {@link StructuredCloneWriter} when a message cannot be cloned: a value of a type the structured clone
 * does not take, a port missing from the transfer list, a graph too deep, or an encoding over the size limit. The
 * message says where and why, word for word as the sender is to be told (for instance
 * {@code "data.items[3]: java.lang.Thread is not cloneable"}); the API layer rethrows it as its own
 * {@code DataCloneException} with the same message and cause.
 *
 * <p>A {@link HostObjectWriter} may throw it from {@link HostObjectWriter#cloneType(Object)} to refuse one of its
 * own objects; its message is then the reason, phrased to follow the class name (e.g. {@code "is detached"}), and
 * the writer puts the path and the class name in front.
 */
public final class CloneRefusedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message where the refused value sits in the message, and why it is refused.
     */
    public CloneRefusedException(final String message)
    {
        super(message);
    }

    /**
     * @param message where the refused value sits in the message, and why it is refused.
     * @param cause   the failure that caused the refusal.
     */
    public CloneRefusedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
