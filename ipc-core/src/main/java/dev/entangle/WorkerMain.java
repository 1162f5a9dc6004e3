package dev.entangle;

/**
 * The code a {@link Worker} runs in its own JVM. The class needs a public no-argument constructor.
 */
@FunctionalInterface
public interface WorkerMain
{
    /**
     * Called once on the worker context's event loop, when the worker's implicit port has arrived. The worker lives
     * on after it returns, until {@link WorkerScope#close()}, {@link Worker#terminate()} or its parent's end.
     *
     * @param self the worker's side of the implicit port, and its context.
     * @throws Exception ends the worker with a non-zero exit code, its stack trace on standard error.
     */
    void run(WorkerScope self) throws Exception;
}
