package dev.entangle;

import dev.entangle.internal.runtime.FaultDetector;
import dev.entangle.internal.stats.ContextStats;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentTerminationException;

import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

    /**
     * The handler a context reports through. The loop stops itself by throwing AgentTerminationException; that is no
     * error to report. Every other error is kept in the context's error log, which outlives the process, then handed
     * to the user's handler, which must not throw.
     *
     * @param userHandler the handler the user gave, or the default one.
     * @param log         the context's error log; null while it is being opened.
     * @param onFault     contains the fault of a truncated mapping.
     */
    static ErrorHandler keeping(final ErrorHandler userHandler, final Supplier<ContextStats> log,
        final Consumer<Throwable> onFault)
    {
        return ex ->
        {
            if (ex instanceof AgentTerminationException)
            {
                return;
            }
            final ContextStats stats = log.get();
            if (stats != null)
            {
                stats.record(ex);
            }
            for (int attempt = 0; attempt < 2; attempt++)
            {
                try
                {
                    userHandler.onError(ex);
                    return;
                }
                catch (final Throwable thrown)
                {
                    // An error handler must not throw. The fault of a truncated mapping, raised a little after the
                    // access that caused it, may surface inside it: contain it, then tell the handler again.
                    if (!FaultDetector.isMappingFault(thrown))
                    {
                        return;
                    }
                    onFault.accept(thrown);
                }
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
