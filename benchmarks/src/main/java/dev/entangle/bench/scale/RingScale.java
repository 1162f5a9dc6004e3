package dev.entangle.bench.scale;

import dev.entangle.Context;
import dev.entangle.JvmFlags;
import dev.entangle.MessageChannel;
import dev.entangle.MessagePort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The scale measurement of the issue "Months, not minutes": N JVMs in a ring, each making C channels to the next
 * (sending port2 of each through the next one's window), one message each way on every channel, then closing
 * everything. It prints the wall time of the whole ring, each JVM's time to make its channels and the slowest
 * channel made, and whether every folder is gone after.
 * <p>
 * {@code java -cp benchmarks.jar dev.entangle.bench.scale.RingScale [jvms] [channels]}
 */
public final class RingScale
{
    private RingScale()
    {
    }

    /**
     * @param args the number of JVMs (8) and of channels per JVM (1000); or, in a child, {@code --member ...}.
     * @throws Exception when the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "--member".equals(args[0]))
        {
            member(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        final int jvms = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        final int channels = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "entangle-ring-");
        final List<Process> members = new ArrayList<>();
        try
        {
            for (int i = 0; i < jvms; i++)
            {
                final List<String> command = JvmFlags.childJvm();
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), RingScale.class.getName(),
                    "--member", dir.toString(), Integer.toString(i), Integer.toString(jvms),
                    Integer.toString(channels)));
                members.add(new ProcessBuilder(command).redirectErrorStream(true).start());
            }
            final List<BufferedReader> outputs = new ArrayList<>();
            for (final Process member : members)
            {
                final BufferedReader out = new BufferedReader(
                    new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8));
                outputs.add(out);
                expect(out, "ready");
            }
            final long start = System.nanoTime();
            for (final Process member : members)
            {
                member.getOutputStream().write('\n');
                member.getOutputStream().flush();
            }
            for (final BufferedReader out : outputs)
            {
                System.out.println(expect(out, "done"));
            }
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (final Process member : members)
            {
                member.getOutputStream().close();
                member.waitFor(30, TimeUnit.SECONDS);
            }
            System.out.printf("ring of %d JVMs x %d channels: set up, one message each way, closed in %d ms%n",
                jvms, channels, ms);
            System.out.println("channel folders left: " + count(dir.resolve("channels")) + ", context folders left: " +
                count(dir.resolve("contexts")));
        }
        finally
        {
            members.forEach(Process::destroyForcibly);
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String expect(final BufferedReader out, final String prefix) throws IOException
    {
        String line;
        while ((line = out.readLine()) != null)
        {
            if (line.startsWith(prefix))
            {
                return line;
            }
            System.out.println("  | " + line);
        }
        throw new IOException("a member ended before saying " + prefix);
    }

    private static long count(final Path folder) throws IOException
    {
        if (!Files.isDirectory(folder))
        {
            return 0;
        }
        try (Stream<Path> entries = Files.list(folder))
        {
            return entries.count();
        }
    }

    private static void member(final Path dir, final int index, final int jvms, final int channels)
        throws Exception
    {
        final Context context = Context.builder().directory(dir).name("ring-" + index).open();
        final CountDownLatch echoed = new CountDownLatch(channels);
        final CountDownLatch answered = new CountDownLatch(channels);
        final List<MessagePort> incoming = new ArrayList<>();
        context.onMessage(event ->
        {
            final MessagePort port = event.ports().get(0);
            incoming.add(port);
            port.onMessage(m ->
            {
                port.postMessage(m.data());
                echoed.countDown();
            });
        });
        System.out.println("ready");
        System.out.flush();
        System.in.read();
        final long[] makeNanos = new long[channels];
        final List<MessageChannel> made = new ArrayList<>(channels);
        final long start = System.nanoTime();
        for (int k = 0; k < channels; k++)
        {
            final long before = System.nanoTime();
            final MessageChannel channel = new MessageChannel(context);
            context.window("ring-" + ((index + 1) % jvms)).postMessage(k, "*", List.of(channel.port2()));
            channel.port1().onMessage(m -> answered.countDown());
            channel.port1().postMessage("ping");
            makeNanos[k] = System.nanoTime() - before;
            made.add(channel);
        }
        final long madeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        echoed.await();
        answered.await();
        final long exchangedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        made.forEach(channel -> channel.port1().close());
        final CountDownLatch closed = new CountDownLatch(1);
        context.execute(() ->
        {
            incoming.forEach(MessagePort::close);
            closed.countDown();
        });
        closed.await();
        context.close();
        final long closedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Arrays.sort(makeNanos);
        System.out.printf("done member %d: made %d channels in %d ms (p50 %.3f ms, p99 %.3f ms, max %.3f ms), " +
            "all exchanged after %d ms, closed after %d ms%n", index, channels, madeMs, makeNanos[channels / 2] / 1e6,
            makeNanos[channels * 99 / 100] / 1e6, makeNanos[channels - 1] / 1e6, exchangedMs, closedMs);
        System.out.flush();
        System.in.read();
    }
}
