package dev.entangle;

/**
 * Thrown synchronously by {@code postMessage} when a message cannot be cloned or its transfer list is invalid.
 * When it is thrown nothing has been sent and nothing in the transfer list has been detached.
 */
public class DataCloneException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be cloned, and where it sits in the message.
     */
    public DataCloneException(final String message)
    {
        super(message);
    }

    /**
     * @param message what could not be cloned, and where it sits in the message.
     * @param cause   the underlying failure.
     */
    public DataCloneException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
