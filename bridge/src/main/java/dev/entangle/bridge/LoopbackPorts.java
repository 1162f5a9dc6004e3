package dev.entangle.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UDP ports for a federation whose hosts are all on one machine: tests, examples and benchmarks. A port is chosen
 * below the kernel's usual ephemeral range (32768 to 60999 on Linux) on purpose: a bridge's sender binds an ephemeral
 * port of its own, so a port found free by asking the kernel for an ephemeral one, and released, can be taken by
 * another bridge starting at the same moment, and the bridge it was meant for then fails to bind it.
 */
public final class LoopbackPorts
{
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final int ATTEMPTS = 200;

    private LoopbackPorts()
    {
    }

    /**
     * @return a UDP port on the loopback address that nothing had bound when it was chosen.
     * @throws UncheckedIOException when no port of the range was free.
     */
    public static int freeUdpPort()
    {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress()))
            {
                return socket.getLocalPort();
            }
            catch (final IOException ex)
            {
                last = ex;
            }
        }
        throw new UncheckedIOException("no free UDP port on loopback between " + FIRST + " and " + LAST, last);
    }
}
