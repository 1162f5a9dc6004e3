package dev.entangle.bench.transport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The main class of the echo peer's JVM: serves one transport until its standard input closes. Standard input also
 * carries the benchmark's requests, one a line: {@value #MARK} starts a measured period, answered by a line
 * {@value #MARKED}, and {@value #REPORT} ends it, answered on standard output by a line
 * {@code alloc <bytes> <messages>} (see {@link EchoMeter}); {@value #PAUSE} and {@value #RESUME} stop and restart the
 * echo loop's spinning ({@link EchoPause}).
 */
public final class EchoPeer
{
    /** System properties starting with this go to the echo peer too. */
    public static final String SETTING_PREFIX = "bench.";
    /** The echo peer answers only every this many messages: 1 echoes all, more measures one-way throughput. */
    public static final String ACK_EVERY_PROP = "bench.ack.every";
    /** JVM flags for the echo peer's JVM beside its usual ones, separated by spaces. */
    public static final String JVM_FLAGS_PROP = "bench.echo.jvm.flags";
    /** How many started, idle ports the echo peer's context holds besides the one it echoes on. */
    public static final String IDLE_PORTS_PROP = "bench.idle.ports";
    /** The request that starts a measured period. */
    static final String MARK = "mark";
    /** The answer to {@link #MARK}, once the period has started. */
    static final String MARKED = "marked";
    /** The request that ends a measured period and asks for its allocation figures. */
    static final String REPORT = "report";
    /** The request that makes the echo loop park when idle ({@link EchoPause}), answered by {@value #PAUSED}. */
    static final String PAUSE = "pause";
    /** The answer to {@link #PAUSE}. */
    static final String PAUSED = "paused";
    /** The request that makes the echo loop spin again, answered by {@value #RESUMED}. */
    static final String RESUME = "resume";
    /** The answer to {@link #RESUME}. */
    static final String RESUMED = "resumed";

    /** The one meter of this JVM: every transport's echo loop counts its messages here. */
    static final EchoMeter METER = new EchoMeter();

    private EchoPeer()
    {
    }

    /**
     * @param args transport, folder, largest payload.
     * @throws Exception when the transport cannot be served.
     */
    public static void main(final String[] args) throws Exception
    {
        final String transport = args[0];
        final Path dir = Path.of(args[1]);
        final int maxPayload = Integer.parseInt(args[2]);
        final AutoCloseable server = switch (transport)
        {
            case Transports.ENTANGLE_SPIN -> EntangleLink.serve(dir, true, false);
            case Transports.ENTANGLE_BACKOFF -> EntangleLink.serve(dir, false, false);
            case Transports.ENTANGLE_BYTES -> EntangleLink.serve(dir, true, true);
            case Transports.CHRONICLE -> ChronicleLink.serve(dir, maxPayload);
            case Transports.AGRONA -> AgronaLink.serve(dir, maxPayload);
            case Transports.AERON -> AeronLink.serve(dir, maxPayload);
            case Transports.SHARED_ARRAY_BUFFER -> SharedBufferLink.serve(dir);
            default -> SocketLink.serve(transport, dir, maxPayload);
        };
        System.out.println(PipedJvm.READY);
        System.out.flush();
        final BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String request;
        // The pipe also tells that the benchmark lives: it ends when the benchmark's JVM does, however it ends.
        while ((request = requests.readLine()) != null)
        {
            if (MARK.equals(request))
            {
                METER.mark();
                System.out.println(MARKED);
                System.out.flush();
            }
            else if (REPORT.equals(request))
            {
                System.out.println(METER.report());
                System.out.flush();
            }
            else if (PAUSE.equals(request))
            {
                EchoPause.pause();
                System.out.println(PAUSED);
                System.out.flush();
            }
            else if (RESUME.equals(request))
            {
                EchoPause.resume();
                System.out.println(RESUMED);
                System.out.flush();
            }
        }
        try
        {
            server.close();
        }
        finally
        {
            Runtime.getRuntime().halt(0);
        }
    }

    /**
     * @return how many messages the echo peer takes for each one it sends back.
     */
    static int ackEvery()
    {
        return Integer.getInteger(ACK_EVERY_PROP, 1);
    }

    /**
     * Runs an echo loop on a daemon thread that spins, as the benchmark side does.
     */
    static Thread spinInBackground(final String name, final Runnable loop)
    {
        final Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
