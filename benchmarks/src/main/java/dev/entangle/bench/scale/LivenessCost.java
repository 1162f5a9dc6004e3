package dev.entangle.bench.scale;

import dev.entangle.Context;
import dev.entangle.JvmFlags;
import dev.entangle.MessageChannel;
import dev.entangle.internal.stats.Counter;
import dev.entangle.internal.stats.StatsFile;
import org.agrona.concurrent.status.CountersReader;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What watching the peers of many cross-process ports costs an event loop: a context holds N ports whose peers live
 * in P other JVMs; after a while, its counters say how long the loop's upkeep passes (liveness of every peer, giving
 * back memory) took, as a share of the time.
 * <p>
 * {@code java -cp benchmarks.jar dev.entangle.bench.scale.LivenessCost [ports] [processes] [seconds]}
 */
public final class LivenessCost
{
    private LivenessCost()
    {
    }

    /**
     * @param args ports (1000), processes (8), seconds (10); or, in a child, {@code --holder DIR NAME}.
     * @throws Exception when the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "--holder".equals(args[0]))
        {
            final Context holder = Context.builder().directory(Path.of(args[1])).name(args[2]).open();
            final List<Object> held = new ArrayList<>();
            holder.onMessage(event -> held.add(event.ports()));
            System.out.println("ready");
            System.out.flush();
            System.in.read();
            holder.close();
            return;
        }
        final int ports = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        final int processes = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        final int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "entangle-liveness-");
        final List<Process> holders = new ArrayList<>();
        try (Context context = Context.builder().directory(dir).name("watcher").open())
        {
            for (int i = 0; i < processes; i++)
            {
                final List<String> command = JvmFlags.childJvm();
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), LivenessCost.class.getName(),
                    "--holder", dir.toString(), "holder-" + i));
                final Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
                holders.add(holder);
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
            }
            final List<MessageChannel> channels = new ArrayList<>();
            for (int i = 0; i < ports; i++)
            {
                final MessageChannel channel = new MessageChannel(context);
                channel.port1().onClose(() -> { });
                channel.port1().start();
                context.window("holder-" + (i % processes)).postMessage("port", "*", List.of(channel.port2()));
                channels.add(channel);
            }
            final long[] before = read(dir);
            TimeUnit.SECONDS.sleep(seconds);
            final long[] after = read(dir);
            final long passes = after[0] - before[0];
            final long nanos = after[1] - before[1];
            System.out.printf("%d ports with peers in %d processes: %d upkeep passes in %d s, %.1f us each, " +
                "%.3f%% of the loop's time%n", ports, processes, passes, seconds, nanos / 1e3 / Math.max(1, passes),
                100.0 * nanos / TimeUnit.SECONDS.toNanos(seconds));
            channels.size();
        }
        finally
        {
            for (final Process holder : holders)
            {
                holder.getOutputStream().close();
                holder.waitFor(10, TimeUnit.SECONDS);
                holder.destroyForcibly();
            }
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long[] read(final Path dir)
    {
        final StatsFile stats = StatsFile.open(dir.resolve("contexts/watcher/stats"));
        final CountersReader counters = stats.counters();
        final long[] values = { counters.getCounterValue(Counter.LOOP_UPKEEPS.ordinal()),
            counters.getCounterValue(Counter.LOOP_UPKEEP_NANOS.ordinal()) };
        stats.close();
        return values;
    }
}
