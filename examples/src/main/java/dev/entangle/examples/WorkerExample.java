package dev.entangle.examples;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessagePort;
import dev.entangle.Worker;
import dev.entangle.WorkerMain;
import dev.entangle.WorkerOptions;
import dev.entangle.WorkerScope;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A port sent to a worker: {@code worker.postMessage(Map.of("code", "port"), List.of(channel.port2()))}; the
 * worker, a separate JVM, answers {@code Port received.} on the port it was given.
 */
final class WorkerExample
{
    private WorkerExample()
    {
    }

    /** The worker's side, as in the standard's example: {@code if (event.data.code == "port") ...}. */
    public static final class PortReceiver implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            System.out.println("worker " + ProcessHandle.current().pid() + " is running; waiting for messages");
            self.onMessage(event ->
            {
                if (event.data() instanceof Map<?, ?> data && "port".equals(data.get("code")))
                {
                    final MessagePort port = event.ports().get(0);
                    System.out.println("got {code: \"port\"} with a port; port.postMessage(\"Port received.\")");
                    port.postMessage("Port received.");
                }
            });
        }
    }

    static boolean run(final String[] args)
    {
        final Narrator say = new Narrator("main process " + ProcessHandle.current().pid());
        final Path dir = Narrator.freshDirectory();
        try (Context context = Context.builder().directory(dir).name("main").open())
        {
            final MessageChannel channel = new MessageChannel(context);
            final Worker worker = Worker.start(context, PortReceiver.class, WorkerOptions.defaults().name("worker"));
            say.say("started a worker JVM, pid %d", worker.process().pid());
            try (worker)
            {
                final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
                channel.port1().onMessage(event -> answers.add(event.data()));
                say.say("worker.postMessage(Map.of(\"code\", \"port\"), List.of(channel.port2()))");
                worker.postMessage(Map.of("code", "port"), List.of(channel.port2()));
                final Object answer = Narrator.next(answers);
                say.say("Message is: %s", answer);
                final boolean ok = "Port received.".equals(answer);
                say.say(ok ? "done: the worker answered on the port it was sent" : "FAILED");
                return ok;
            }
        }
        finally
        {
            Narrator.deleteDirectory(dir);
        }
    }
}
