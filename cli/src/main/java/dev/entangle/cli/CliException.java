package dev.entangle.cli;

/**
 * A failure the operator can act on (no such directory, no such context): printed as one line, without a stack
 * trace, and the command exits with {@link #exitCode()}.
 */
final class CliException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(final int exitCode, final String message)
    {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode()
    {
        return exitCode;
    }
}
