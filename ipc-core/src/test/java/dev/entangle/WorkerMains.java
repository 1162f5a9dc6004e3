package dev.entangle;

import java.util.List;

/**
 * Worker programs used by the worker tests. Each must be public with a public no-argument constructor.
 */
public final class WorkerMains
{
    private WorkerMains()
    {
    }

    /** Echoes every message back to its parent. */
    public static final class Echo implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            self.onMessage(e -> self.postMessage(e.data()));
        }
    }

    /**
     * Echoes on every port it is given; on "give" it makes a channel of its own and hands one end to the parent,
     * echoing on the other; on "bye" it answers and closes itself.
     */
    public static final class PortWorker implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            self.onMessage(e ->
            {
                for (final MessagePort port : e.ports())
                {
                    port.onMessage(m -> port.postMessage(List.of("echo", m.data())));
                }
                if ("give".equals(e.data()))
                {
                    final MessageChannel own = new MessageChannel(self.context());
                    own.port1().onMessage(m -> own.port1().postMessage(List.of("from worker", m.data())));
                    self.postMessage("here", List.of(own.port2()));
                }
                else if ("bye".equals(e.data()))
                {
                    self.postMessage("goodbye");
                    self.close();
                }
                else if (e.ports().isEmpty())
                {
                    self.postMessage(e.data());
                }
                else
                {
                    self.postMessage("got " + e.ports().size());
                }
            });
        }
    }

    /** Fails at once. */
    public static final class Crash implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            throw new IllegalStateException("worker failed on purpose");
        }
    }

    /** Prints to its standard output and error, then says so to its parent. */
    public static final class Talker implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            System.out.println("hello on stdout");
            System.err.println("hello on stderr");
            self.postMessage("printed");
        }
    }

    /** Starts a worker of its own and relays between it and its parent. */
    public static final class Grandparent implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            final Worker child = Worker.start(self.context(), Echo.class);
            child.onMessage(e -> self.postMessage(List.of("grandchild", e.data(), child.process().pid())));
            self.onMessage(e -> child.postMessage(e.data()));
        }
    }
}
