package dev.entangle.bench.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * The echo peer's JVM, launched by the benchmark in its setup and stopped in its teardown. It gets the library's
 * JVM flags and this JVM's {@code entangle.*} settings, prints {@code ready} once it listens, and exits when its
 * standard input closes, so it never outlives the benchmark even when the benchmark's JVM is killed. Its standard
 * input and output also carry the allocation measurement of its echo thread ({@link #markAllocation()},
 * {@link #allocationPerMessage()}) and the pauses of its echo loop ({@link #pause()}, {@link #resume()}).
 */
public final class EchoProcess implements AutoCloseable
{
    private final PipedJvm jvm;

    private EchoProcess(final PipedJvm jvm)
    {
        this.jvm = jvm;
    }

    static EchoProcess start(final String transport, final Path dir, final int maxPayload)
    {
        final List<String> command = PipedJvm.benchCommand();
        final String extraFlags = System.getProperty(EchoPeer.JVM_FLAGS_PROP, "").trim();
        if (!extraFlags.isEmpty())
        {
            command.addAll(List.of(extraFlags.split(" +")));
        }
        command.add("-Xmx256m");
        command.add(dev.entangle.bench.BenchFlags.PRE_TOUCH);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EchoPeer.class.getName());
        command.add(transport);
        command.add(dir.toString());
        command.add(Integer.toString(maxPayload));
        return new EchoProcess(PipedJvm.start("echo peer", command, ProcessBuilder.Redirect.INHERIT));
    }

    /**
     * Starts a measured period: returns once the echo peer counts what its echo thread allocates and the messages it
     * takes. Waited for, so that messages sent right after count (an echo peer slow to read the request would
     * otherwise start counting after a short measurement ended). The echo thread is known once it has taken a
     * message: mark after at least one (JMH marks after warm-up).
     */
    public void markAllocation()
    {
        jvm.request(EchoPeer.MARK);
        jvm.awaitLine(EchoPeer.MARKED);
    }

    /**
     * Ends the measured period that {@link #markAllocation()} started.
     *
     * @return the bytes that the echo thread allocated per message it took in the period, or NaN when the echo peer
     * could not tell (no message yet, or the JVM does not count allocation per thread).
     */
    public double allocationPerMessage()
    {
        jvm.request(EchoPeer.REPORT);
        final String line = jvm.awaitLine(EchoMeter.REPORT_PREFIX);
        return line == null ? Double.NaN : EchoMeter.bytesPerMessage(line);
    }

    /**
     * Makes the echo loop park when it finds nothing to do, until {@link #resume()}: for a link that stays open
     * while others are measured. Returns once the echo peer has taken the request.
     */
    public void pause()
    {
        jvm.request(EchoPeer.PAUSE);
        jvm.answer(EchoPeer.PAUSED);
    }

    /**
     * Makes the echo loop spin again; returns once the echo peer has taken the request.
     */
    public void resume()
    {
        jvm.request(EchoPeer.RESUME);
        jvm.answer(EchoPeer.RESUMED);
    }

    /**
     * @return the echo peer's process.
     */
    public ProcessHandle handle()
    {
        return jvm.handle();
    }

    @Override
    public void close()
    {
        jvm.close();
    }
}
