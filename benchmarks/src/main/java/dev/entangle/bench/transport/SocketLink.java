package dev.entangle.bench.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stream socket: Unix domain (blocking, or non-blocking with spinning reads) or TCP over loopback (blocking,
 * TCP_NODELAY). Messages are framed by a 4-byte length.
 */
public final class SocketLink implements Link
{
    private final SocketChannel channel;
    private final ByteBuffer outBuffer;
    private final ByteBuffer inBuffer;
    /** The echo peer's process, on the benchmark's side; null on the echo side. */
    private final EchoProcess echo;

    private SocketLink(final SocketChannel channel, final int maxPayload, final boolean spin, final EchoProcess echo)
        throws IOException
    {
        this.channel = channel;
        this.outBuffer = ByteBuffer.allocateDirect(maxPayload + 4);
        this.inBuffer = ByteBuffer.allocateDirect(maxPayload + 4);
        this.echo = echo;
        channel.configureBlocking(!spin);
        if (channel.getRemoteAddress() instanceof InetSocketAddress)
        {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    static SocketLink connect(
        final String transport, final Path dir, final int maxPayload, final EchoProcess echo)
    {
        try
        {
            final SocketChannel channel = Transports.TCP.equals(transport) ?
                SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(Files.readString(dir.resolve("tcp.port"), StandardCharsets.US_ASCII).trim()))) :
                SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("echo.sock")));
            return new SocketLink(channel, maxPayload, Transports.UDS_SPIN.equals(transport), echo);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static AutoCloseable serve(final String transport, final Path dir, final int maxPayload) throws IOException
    {
        final ServerSocketChannel server;
        if (Transports.TCP.equals(transport))
        {
            server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final int port = ((InetSocketAddress)server.getLocalAddress()).getPort();
            Files.writeString(dir.resolve("tcp.port"), Integer.toString(port), StandardCharsets.US_ASCII);
        }
        else
        {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            final SocketAddress address = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
            server.bind(address);
        }
        final boolean spin = Transports.UDS_SPIN.equals(transport);
        final Thread loop = EchoPeer.spinInBackground("socket-echo", () ->
        {
            try (SocketChannel accepted = server.accept())
            {
                final SocketLink side = new SocketLink(accepted, maxPayload, spin, null);
                while (!Thread.currentThread().isInterrupted())
                {
                    final int length = side.receive();
                    EchoPeer.METER.onMessage();
                    side.outBuffer.clear();
                    side.outBuffer.putInt(length);
                    side.inBuffer.flip().position(4);
                    side.outBuffer.put(side.inBuffer);
                    side.writeOut();
                }
            }
            catch (final IOException | UncheckedIOException ex)
            {
                // The benchmark closed its end.
            }
        });
        return () ->
        {
            loop.interrupt();
            server.close();
        };
    }

    @Override
    public void send(final byte[] payload, final int length)
    {
        outBuffer.clear();
        outBuffer.putInt(length);
        outBuffer.put(payload, 0, length);
        writeOut();
    }

    private void writeOut()
    {
        outBuffer.flip();
        try
        {
            while (outBuffer.hasRemaining())
            {
                channel.write(outBuffer);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public int receive()
    {
        inBuffer.clear();
        try
        {
            fill(4);
            final int length = inBuffer.getInt(0);
            fill(4 + length);
            return length;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void fill(final int upTo) throws IOException
    {
        while (inBuffer.position() < upTo)
        {
            inBuffer.limit(upTo);
            if (channel.read(inBuffer) < 0)
            {
                throw new IOException("the peer closed the connection");
            }
        }
    }

    @Override
    public EchoProcess echo()
    {
        return echo;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            if (echo != null)
            {
                echo.close();
            }
        }
    }
}
