package dev.entangle;

/**
 * Passed to a context's error handler when a received message could not be deserialized and a
 * {@code messageerror} event was fired instead of {@code message}.
 */
public final class MessageErrorException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message why the message could not be deserialized.
     */
    public MessageErrorException(final String message)
    {
        super(message, null, false, false);
    }
}
