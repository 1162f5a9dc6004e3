package dev.entangle.examples;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessagePort;
import dev.entangle.Worker;
import dev.entangle.WorkerMain;
import dev.entangle.WorkerOptions;
import dev.entangle.WorkerScope;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The seed's fountains demo: worker processes, each a fountain, stand in a ring; each holds a port to the fountain
 * on its left and one to the fountain on its right, handed over by the main process. A light pulse enters at
 * fountain 0 and travels from fountain to fountain through those channels, never through the main process, which
 * only watches (each fountain reports when it lights up) and draws the scene.
 */
final class FountainsExample
{
    static final int FOUNTAINS = 4;
    static final int PULSES = 3;
    static final int LAPS = 2;
    private static final long STEP_MS = 120;
    private static final String[] COLOURS = { "red", "green", "blue" };

    private FountainsExample()
    {
    }

    /** One fountain: lights up when a pulse reaches it, then passes the pulse to its right. */
    public static final class Fountain implements WorkerMain
    {
        private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "fountain-timer");
            thread.setDaemon(true);
            return thread;
        });

        @Override
        public void run(final WorkerScope self)
        {
            self.onMessage(setup ->
            {
                final int index = (Integer)((Map<?, ?>)setup.data()).get("index");
                final MessagePort left = setup.ports().get(0);
                final MessagePort right = setup.ports().get(1);
                left.onMessage(event -> light(self, index, (Map<?, ?>)event.data(), right));
                if (index == 0)
                {
                    // Fountain 0 also takes new pulses from the main process, after its setup.
                    self.onMessage(event -> light(self, index, (Map<?, ?>)event.data(), right));
                }
            });
        }

        private void light(final WorkerScope self, final int index, final Map<?, ?> pulse, final MessagePort right)
        {
            final int hop = (Integer)pulse.get("hop");
            self.postMessage(List.of(index, pulse.get("pulse"), hop));
            if (hop < (Integer)pulse.get("last"))
            {
                final Map<String, Object> next = Map.of("pulse", pulse.get("pulse"), "hop", hop + 1,
                    "last", pulse.get("last"));
                later.schedule(() -> right.postMessage(next), STEP_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    static boolean run(final String[] args)
    {
        final Narrator say = new Narrator("fountains");
        final boolean animate = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        final Path dir = Narrator.freshDirectory();
        final List<Worker> fountains = new ArrayList<>();
        try (Context context = Context.builder().directory(dir).name("square").open())
        {
            final BlockingQueue<List<?>> lights = new LinkedBlockingQueue<>();
            for (int i = 0; i < FOUNTAINS; i++)
            {
                final Worker fountain = Worker.start(context, Fountain.class,
                    WorkerOptions.defaults().name("fountain-" + i));
                fountain.onMessage(event -> lights.add((List<?>)event.data()));
                fountains.add(fountain);
            }
            say.say("%d fountain processes started: %s", FOUNTAINS,
                fountains.stream().map(w -> String.valueOf(w.process().pid())).toList());
            final List<MessageChannel> links = new ArrayList<>();
            for (int i = 0; i < FOUNTAINS; i++)
            {
                links.add(new MessageChannel(context));
            }
            for (int i = 0; i < FOUNTAINS; i++)
            {
                // Fountain i reads from link i-1 (its left) and writes to link i (its right).
                final MessagePort left = links.get((i + FOUNTAINS - 1) % FOUNTAINS).port2();
                final MessagePort right = links.get(i).port1();
                fountains.get(i).postMessage(Map.of("index", i), List.of(left, right));
            }
            say.say("each fountain got a port to its left and one to its right neighbour");
            final int last = LAPS * FOUNTAINS - 1;
            for (int p = 0; p < PULSES; p++)
            {
                fountains.get(0).postMessage(Map.of("pulse", p, "hop", 0, "last", last));
            }
            say.say("%d pulses enter at fountain 0 and go %d times round the ring", PULSES, LAPS);
            return watch(say, lights, animate, PULSES * (last + 1));
        }
        finally
        {
            fountains.forEach(Worker::terminate);
            fountains.forEach(w -> w.process().onExit().join());
            Narrator.deleteDirectory(dir);
        }
    }

    private static boolean watch(
        final Narrator say, final BlockingQueue<List<?>> lights, final boolean animate, final int expected)
    {
        final int[] nextHop = new int[PULSES];
        final Scene scene = animate ? new Scene(FOUNTAINS) : null;
        for (int seen = 0; seen < expected; seen++)
        {
            final List<?> light = Narrator.next(lights);
            if (light == null)
            {
                say.say("FAILED: only %d of %d lights came", seen, expected);
                return false;
            }
            final int fountain = (Integer)light.get(0);
            final int pulse = (Integer)light.get(1);
            final int hop = (Integer)light.get(2);
            if (hop != nextHop[pulse] || fountain != hop % FOUNTAINS)
            {
                say.say("FAILED: pulse %d reached fountain %d at hop %d", pulse, fountain, hop);
                return false;
            }
            nextHop[pulse]++;
            if (scene != null)
            {
                scene.light(fountain, pulse);
            }
            else
            {
                say.say("fountain %d lights up %s (pulse %d, hop %d)", fountain, COLOURS[pulse % COLOURS.length],
                    pulse, hop);
            }
        }
        if (scene != null)
        {
            scene.end();
        }
        say.say("done: every pulse visited every fountain in order, %d times round", LAPS);
        return true;
    }

    /** A live terminal drawing of the fountains, redrawn in place with ANSI escapes. */
    private static final class Scene
    {
        private static final String[] ANSI = { "\u001b[31m", "\u001b[32m", "\u001b[34m" };
        private static final String RESET = "\u001b[0m";
        private static final int HEIGHT = 5;
        private final int[] litBy;
        private boolean drawn;

        Scene(final int fountains)
        {
            litBy = new int[fountains];
            java.util.Arrays.fill(litBy, -1);
        }

        void light(final int fountain, final int pulse)
        {
            litBy[fountain] = pulse;
            draw();
        }

        void end()
        {
            java.util.Arrays.fill(litBy, -1);
            draw();
        }

        private void draw()
        {
            final StringBuilder frame = new StringBuilder();
            if (drawn)
            {
                frame.append("\u001b[").append(HEIGHT + 1).append('A');
            }
            for (int row = 0; row < HEIGHT; row++)
            {
                for (final int pulse : litBy)
                {
                    final boolean water = pulse >= 0 && row > 0;
                    final String cell = water ? (row == 1 ? " . ' . " : "  |||  ") : "       ";
                    frame.append(pulse >= 0 ? ANSI[pulse % ANSI.length] : "").append(cell)
                        .append(pulse >= 0 ? RESET : "").append("   ");
                }
                frame.append('\n');
            }
            for (int i = 0; i < litBy.length; i++)
            {
                frame.append(" [_").append(i).append("_]    ");
            }
            frame.append('\n');
            System.out.print(frame);
            System.out.flush();
            drawn = true;
        }
    }
}
