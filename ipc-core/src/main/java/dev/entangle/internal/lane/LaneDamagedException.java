package dev.entangle.internal.lane;

/**
 * A lane's bytes are not what its writer wrote: a frame that does not parse, a position out of bounds, a checksum
 * that does not match, a ring file missing or of the wrong size. The lane cannot be trusted any more; its channel
 * must be closed.
 */
public final class LaneDamagedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where, naming the file.
     */
    public LaneDamagedException(final String message)
    {
        super(message);
    }
}
