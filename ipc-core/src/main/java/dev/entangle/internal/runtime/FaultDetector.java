package dev.entangle.internal.runtime;

/**
 * Recognises the error the JVM raises for an access to a mapped file that another process truncated.
 */
public final class FaultDetector
{
    private FaultDetector()
    {
    }

    /**
     * @param error anything thrown.
     * @return true when it (or a cause) is the JVM's report of a fault in an unsafe memory access, which is what a
     * read or write past the end of a truncated mapping raises.
     */
    public static boolean isMappingFault(final Throwable error)
    {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause())
        {
            if (t instanceof InternalError && t.getMessage() != null &&
                t.getMessage().contains("unsafe memory access"))
            {
                return true;
            }
        }
        return false;
    }
}
