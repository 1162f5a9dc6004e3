package dev.entangle;

import org.agrona.ErrorHandler;

import java.util.ServiceLoader;

/**
 * The default error handler: through SLF4J when a logging backend is bound, else to standard error, so that a
 * failure is never silent. SLF4J is not touched at all when no backend is on the class path, so it prints no
 * warning about missing providers either.
 */
final class ErrorReporting
{
    private static final boolean SLF4J_BOUND = hasProvider();

    private ErrorReporting()
    {
    }

    static ErrorHandler defaultHandler(final String contextName)
    {
        if (SLF4J_BOUND)
        {
            final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Context.class);
            return error -> log.error("entangle context {}: {}", contextName, error.toString(), error);
        }
        return error ->
        {
            synchronized (System.err)
            {
                System.err.println("entangle context " + contextName + ": " + error);
                error.printStackTrace(System.err);
            }
        };
    }

    private static boolean hasProvider()
    {
        try
        {
            final Class<?> provider = Class.forName("org.slf4j.spi.SLF4JServiceProvider", false,
                ErrorReporting.class.getClassLoader());
            return ServiceLoader.load(provider, ErrorReporting.class.getClassLoader()).findFirst().isPresent();
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return false;
        }
    }
}
