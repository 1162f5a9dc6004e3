package dev.entangle.internal.runtime;

import org.agrona.ErrorHandler;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the faults of one directory's mapped files are dealt with in this JVM: the scopes that check their mappings
 * when any thread catches a fault, and the error sinks that hear of errors on the runtime's own agent thread. A
 * fault on one thread may be caused by a file another thread's scope maps, so every scope looks each time.
 */
public final class RuntimeFaults
{
    private final DoorbellMappings doorbells;
    private final CopyOnWriteArrayList<Scope> scopes = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<ErrorHandler> sinks = new CopyOnWriteArrayList<>();
    /** A damaged file was found in this JVM: later faults may be its echo. */
    private volatile boolean damageSeen;

    RuntimeFaults(final DoorbellMappings doorbells)
    {
        this.doorbells = doorbells;
    }

    /**
     * Something that holds mappings and can check them after a fault.
     */
    @FunctionalInterface
    public interface Scope
    {
        /**
         * Finds the mappings of this scope whose files were truncated and closes what depends on them.
         *
         * @param cause the fault that started the scan.
         * @return true when a damaged file was found.
         */
        boolean scanForDamage(Throwable cause);
    }

    /**
     * @param scope checked after every fault until removed.
     */
    public void addScope(final Scope scope)
    {
        scopes.add(scope);
    }

    /**
     * @param scope no longer checked.
     */
    public void removeScope(final Scope scope)
    {
        scopes.remove(scope);
    }

    /**
     * A thread of this JVM caught a fault of a mapped file (a truncated mapping raises {@link InternalError}, in
     * compiled code possibly a little after the access): every scope checks its mappings and closes what depends on
     * a damaged one.
     *
     * @param cause the fault.
     * @return true when the fault is explained by a damaged file of this JVM's, found now or before (a fault in
     * compiled code may surface long after the access, when its damage was already dealt with).
     */
    public boolean onFault(final Throwable cause)
    {
        boolean found = doorbells.checkDamage();
        for (final Scope scope : scopes)
        {
            found |= scope.scanForDamage(cause);
        }
        if (found)
        {
            damageSeen = true;
        }
        return damageSeen;
    }

    /**
     * @param sink receives errors of the runtime's own agent, while registered.
     */
    public void addErrorSink(final ErrorHandler sink)
    {
        sinks.add(sink);
    }

    /**
     * @param sink no longer receives errors.
     */
    public void removeErrorSink(final ErrorHandler sink)
    {
        sinks.remove(sink);
    }

    /**
     * Hands an error of the runtime's agent to the first sink that takes it.
     */
    void report(final Throwable error)
    {
        for (final ErrorHandler sink : sinks)
        {
            try
            {
                sink.onError(error);
                return;
            }
            catch (final Throwable ignore)
            {
                // A sink that fails: try the next.
            }
        }
    }
}
