package dev.entangle.examples.readme;

import dev.entangle.Context;
import dev.entangle.Worker;
import dev.entangle.WorkerMain;
import dev.entangle.WorkerScope;

/**
 * The README's workers program: a worker JVM that echoes one message and ends, and a parent that ends after it.
 * What lies between the README markers is the README's code block, character for character (the examples' tests
 * compare them).
 */
public final class Workers
{
    private Workers()
    {
    }

    // README: workers begin
    /** Runs in the worker's JVM: answers the first message, then ends the worker. */
    public static final class Echo implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            self.onMessage(event ->
            {
                self.postMessage("echo: " + event.data());
                self.close();    // the worker's JVM exits with code 0
            });
        }
    }

    /** Starts an Echo worker, says hi, and closes once the worker has ended. */
    public static void main(final String[] args)
    {
        final Context context = Context.builder().open();
        final Worker worker = Worker.start(context, Echo.class);    // returns at once
        worker.onMessage(event -> System.out.println(event.data()));
        worker.onExit(code ->
        {
            System.out.println("worker ended with " + code);
            context.close();                                        // nothing keeps this JVM alive any more
        });
        worker.postMessage("hi");                                   // delivered once the child is ready
    }
    // README: workers end
}
