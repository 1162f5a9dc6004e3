package dev.entangle.bench;

import dev.entangle.Context;
import dev.entangle.JvmFlags;
import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;
import dev.entangle.Remote;
import dev.entangle.bench.transport.PipedJvm;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link Remote} call costs over the port it uses: a method that takes and returns a small record, called
 * and waited for, against a raw round trip of the same record on a {@link MessagePort} (posted, echoed by a
 * listener, taken back with a spinning {@code receiveMessage}). Both serve from one second JVM whose context
 * busy-spins, in the same trial, so the two figures share one machine state.
 * <p>
 * {@code java -jar benchmarks.jar jmh RemoteCallBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RemoteCallBenchmark extends ForkedBenchmark
{
    /** The payload: a small record, about the size of the raw round-trip benchmarks' 64 bytes once encoded. */
    public record Sample(long id, int x, int y, String name)
    {
    }

    /** The service the second JVM serves. */
    public interface Mirror
    {
        /**
         * @param sample a sample.
         * @return the sample with its coordinates negated.
         */
        Sample mirror(Sample sample);
    }

    private Path dir;
    private PipedJvm server;
    private Context context;
    private MessagePort raw;
    private Mirror remote;
    private Sample sample;

    /**
     * Starts the serving JVM, opens this side's context and hands the serving side one port of each kind.
     *
     * @throws IOException when the folder cannot be made.
     */
    @Setup(Level.Trial)
    public void open() throws IOException
    {
        dir = freshDirectory();
        server = launchServer(dir);
        context = Context.builder().directory(dir).name("bench").allowRecord(Sample.class).open();
        final MessageChannel rawChannel = new MessageChannel(context);
        final MessageChannel remoteChannel = new MessageChannel(context);
        context.window("server").postMessage("serve", "*", List.of(rawChannel.port2(), remoteChannel.port2()));
        raw = rawChannel.port1();
        remote = Remote.wrap(remoteChannel.port1(), Mirror.class);
        sample = new Sample(42, 3, 4, "sample-payload-0123456789");
        if (!remote.mirror(sample).equals(new Sample(42, -3, -4, sample.name())))
        {
            throw new IllegalStateException("the server answered wrongly");
        }
    }

    /**
     * @return the echoed record.
     */
    @Benchmark
    public Object rawRoundTrip()
    {
        raw.postMessage(sample);
        Optional<MessageEvent> echo;
        while ((echo = raw.receiveMessage()).isEmpty())
        {
            Thread.onSpinWait();
        }
        return echo.get().data();
    }

    /**
     * @return the mirrored record.
     */
    @Benchmark
    public Sample remoteCall()
    {
        return remote.mirror(sample);
    }

    /**
     * Closes this side's context, stops the serving JVM and deletes the folder.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        try
        {
            context.close();
        }
        finally
        {
            server.close();
            LinkState.delete(dir);
        }
    }

    private static Path freshDirectory() throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(base, "entangle-bench-remote-");
    }

    private static PipedJvm launchServer(final Path dir)
    {
        final List<String> command = JvmFlags.childJvm();
        command.add("-Xmx256m");
        command.add(BenchFlags.PRE_TOUCH);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Server.class.getName());
        command.add(dir.toString());
        return PipedJvm.start("Remote server", command, ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * The second JVM: echoes on the first port it is given and serves a {@link Mirror} on the second, from a
     * busy-spinning context, until its standard input closes.
     */
    public static final class Server
    {
        private Server()
        {
        }

        /**
         * @param args the shared directory.
         * @throws IOException when standard input fails.
         */
        public static void main(final String[] args) throws IOException
        {
            final Context context = Context.builder().directory(Path.of(args[0])).name("server")
                .allowRecord(Sample.class).idleStrategy(new BusySpinIdleStrategy()).open();
            context.onMessage(event ->
            {
                final MessagePort echo = event.ports().get(0);
                echo.onMessage(message -> echo.postMessage(message.data()));
                Remote.expose(event.ports().get(1),
                    (Mirror)s -> new Sample(s.id(), -s.x(), -s.y(), s.name()));
            });
            System.out.println(PipedJvm.READY);
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // The pipe only tells that the benchmark lives.
            }
            context.close();
            Runtime.getRuntime().halt(0);
        }
    }
}
