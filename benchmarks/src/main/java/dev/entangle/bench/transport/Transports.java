package dev.entangle.bench.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * The transports compared, by the names used in benchmark parameters and results.
 */
public final class Transports
{
    /** Entangle MessagePort; the echo side's event loop busy-spins. */
    public static final String ENTANGLE_SPIN = "entangle-spin";
    /** Entangle MessagePort; the echo side's event loop uses the default back-off idle strategy. */
    public static final String ENTANGLE_BACKOFF = "entangle-backoff";
    /**
     * MessagePort with the allocation-free bytes path on both sides: {@code receiveBytes} into a reused buffer here,
     * an {@code onBytes} handler in the echo peer.
     */
    public static final String ENTANGLE_BYTES = "entangle-bytes";
    /** Raw Chronicle Queue: two queues, an appender and a busy tailer each side, Entangle's queue settings. */
    public static final String CHRONICLE = "chronicle-queue";
    /** Agrona OneToOneRingBuffer over a memory-mapped file each way. */
    public static final String AGRONA = "agrona-ring-buffer";
    /** Aeron IPC with an embedded media driver. */
    public static final String AERON = "aeron-ipc";
    /** Unix domain socket, blocking reads. */
    public static final String UDS_BLOCKING = "uds-blocking";
    /** Unix domain socket, non-blocking with spinning reads. */
    public static final String UDS_SPIN = "uds-spin";
    /** TCP over loopback, blocking, TCP_NODELAY. */
    public static final String TCP = "tcp-loopback";

    /**
     * Not a messaging transport: a counter handed back and forth through a {@code SharedArrayBuffer} (see
     * {@link SharedBufferLink}); not in {@link #ALL}.
     */
    public static final String SHARED_ARRAY_BUFFER = "shared-array-buffer";

    /** Every messaging transport, in the order results are shown. */
    public static final List<String> ALL = List.of(
        ENTANGLE_SPIN, ENTANGLE_BACKOFF, ENTANGLE_BYTES, CHRONICLE, AGRONA, AERON, UDS_BLOCKING, UDS_SPIN, TCP);

    private Transports()
    {
    }

    /**
     * Starts the echo peer in a second JVM and connects to it.
     *
     * @param transport  one of the names above, {@link #SHARED_ARRAY_BUFFER} included.
     * @param dir        a fresh folder for the transport's files.
     * @param maxPayload the largest message that will be sent.
     * @return the benchmark's side of the link.
     */
    public static Link open(final String transport, final Path dir, final int maxPayload)
    {
        final EchoProcess echo = EchoProcess.start(transport, dir, maxPayload);
        try
        {
            return switch (transport)
            {
                case ENTANGLE_SPIN, ENTANGLE_BACKOFF -> EntangleLink.connect(dir, maxPayload, echo, false);
                case ENTANGLE_BYTES -> EntangleLink.connect(dir, maxPayload, echo, true);
                case CHRONICLE -> ChronicleLink.connect(dir, maxPayload, echo);
                case AGRONA -> AgronaLink.connect(dir, maxPayload, echo);
                case AERON -> AeronLink.connect(dir, maxPayload, echo);
                case UDS_BLOCKING, UDS_SPIN, TCP -> SocketLink.connect(transport, dir, maxPayload, echo);
                case SHARED_ARRAY_BUFFER -> SharedBufferLink.connect(dir, echo);
                default -> throw new IllegalArgumentException("unknown transport " + transport);
            };
        }
        catch (final RuntimeException ex)
        {
            echo.close();
            throw ex;
        }
    }
}
