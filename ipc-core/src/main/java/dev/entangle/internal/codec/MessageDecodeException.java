package dev.entangle.internal.codec;

/**
 * Thrown by {@link StructuredCloneReader} when bytes do not form a valid message: truncated, corrupt, hostile, of an
 * unknown format version, naming a record or enum class the receiver has not allowed, or holding a host object or
 * throwable that the {@link HostObjectReader} could not make. The receiver turns it into a {@code messageerror}
 * event.
 */
public final class MessageDecodeException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param reason what was wrong, with the offending values.
     */
    public MessageDecodeException(final String reason)
    {
        super(reason, null, false, false);
    }

    /**
     * @param reason what was wrong.
     * @param cause  the failure that revealed it.
     */
    public MessageDecodeException(final String reason, final Throwable cause)
    {
        super(reason, cause, false, false);
    }
}
