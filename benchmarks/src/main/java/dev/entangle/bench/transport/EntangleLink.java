package dev.entangle.bench.transport;

import dev.entangle.ArrayBuffer;
import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entangle's MessagePort. The benchmark's thread posts on port1 and takes the echo with {@code receiveMessage()},
 * spinning, as raw Chronicle's tailer does; the echo side answers from its context's event loop, in an
 * {@code onMessage} listener, the way an application would. An {@link ArrayBuffer} goes back in the transfer list,
 * as it came: the echo side moves it, never copies it. On the bytes path ({@code entangle-bytes}) neither side
 * allocates: this side takes each echo with {@code receiveBytes} into one reused buffer, and the echo side answers
 * from an {@code onBytes} handler, posting from a reused array.
 */
public final class EntangleLink implements Link
{
    private final Context context;
    private final MessagePort port;
    private final EchoProcess echo;
    /** Where the bytes path takes each echo; null on the event path. */
    private final UnsafeBuffer received;

    private EntangleLink(final Context context, final MessagePort port, final EchoProcess echo,
        final UnsafeBuffer received)
    {
        this.context = context;
        this.port = port;
        this.echo = echo;
        this.received = received;
    }

    static EntangleLink connect(final Path dir, final int maxPayload, final EchoProcess echo, final boolean bytes)
    {
        final Context context = Context.builder().directory(dir).name("bench").open();
        final MessageChannel channel = new MessageChannel(context);
        context.window("echo").postMessage("echo on this port", "*", List.of(channel.port2()));
        return new EntangleLink(context, channel.port1(), echo, bytes ? new UnsafeBuffer(new byte[maxPayload]) : null);
    }

    /**
     * @return the benchmark side's context, where the idle-scale benchmark adds its idle ports.
     */
    public Context context()
    {
        return context;
    }

    static AutoCloseable serve(final Path dir, final boolean busySpin, final boolean bytes)
    {
        final Context.Builder builder = Context.builder().directory(dir).name("echo");
        if (busySpin)
        {
            builder.idleStrategy(new EchoPause.Spin());
        }
        final Context context = builder.open();
        final List<MessageChannel> idle = new ArrayList<>();
        for (int i = 0, count = Integer.getInteger(EchoPeer.IDLE_PORTS_PROP, 0) / 2; i < count; i++)
        {
            final MessageChannel channel = new MessageChannel(context);
            channel.port1().onMessage(event -> { });
            channel.port2().onMessage(event -> { });
            idle.add(channel);
        }
        final int ackEvery = EchoPeer.ackEvery();
        context.onMessage(event ->
        {
            final MessagePort port = event.ports().get(0);
            if (bytes)
            {
                echoBytes(port, ackEvery);
                return;
            }
            port.onMessage(message ->
            {
                if (EchoPeer.METER.onMessage() % ackEvery == 0)
                {
                    final Object data = message.data();
                    if (data instanceof ArrayBuffer buffer)
                    {
                        port.postMessage(buffer, List.of(buffer));
                    }
                    else
                    {
                        port.postMessage(data);
                    }
                }
            });
        });
        return () ->
        {
            context.close();
            idle.clear();
        };
    }

    /**
     * Answers each bytes message with the same bytes, from an array reused while the size stays the same (a post
     * copies it into the lane before it returns); any other message, from the message listener, with its data.
     */
    private static void echoBytes(final MessagePort port, final int ackEvery)
    {
        port.onMessage(message -> port.postMessage(message.data()));
        final byte[][] reply = { new byte[0] };
        port.onBytes((buffer, offset, length) ->
        {
            if (EchoPeer.METER.onMessage() % ackEvery == 0)
            {
                if (reply[0].length != length)
                {
                    reply[0] = new byte[length];
                }
                buffer.getBytes(offset, reply[0], 0, length);
                port.postMessage(reply[0]);
            }
        });
    }

    /**
     * {@inheritDoc}
     * <p>
     * Ports will soon refuse a post while 64 MiB are buffered ({@code postMessage} throwing
     * {@code IllegalStateException}); the throughput benchmark keeps far less than that in flight. Once
     * {@code MessagePort.offerMessage} exists, this is where a sender would spin on it returning false instead.
     */
    @Override
    public void send(final byte[] payload, final int length)
    {
        port.postMessage(payload.length == length ? payload : java.util.Arrays.copyOf(payload, length));
    }

    @Override
    public void roundTripText(final String text)
    {
        port.postMessage(text);
        final Object echoed = next().data();
        if (!(echoed instanceof String) || ((String)echoed).length() != text.length())
        {
            throw new IllegalStateException("echo of a " + text.length() + "-character string came back as " +
                echoed);
        }
    }

    /**
     * Transfers a buffer to the echo peer, which transfers it back: one round trip that moves the memory both ways
     * and copies none of it.
     *
     * @param buffer an attached buffer of this link's context; detached when this returns.
     * @return the buffer that came back: the same memory, held by a new object.
     */
    public ArrayBuffer roundTripTransfer(final ArrayBuffer buffer)
    {
        final int length = buffer.byteLength();
        port.postMessage(buffer, List.of(buffer));
        final Object echoed = next().data();
        if (echoed instanceof ArrayBuffer back && back.byteLength() == length)
        {
            return back;
        }
        throw new IllegalStateException("transfer of an ArrayBuffer of " + length + " bytes came back as " + echoed);
    }

    private MessageEvent next()
    {
        Optional<MessageEvent> event;
        int looks = 0;
        while ((event = port.receiveMessage()).isEmpty())
        {
            looks = EchoWait.spin(looks, echo);
        }
        return event.get();
    }

    @Override
    public int receive()
    {
        if (received == null)
        {
            return ((byte[])next().data()).length;
        }
        int length;
        int looks = 0;
        while ((length = port.receiveBytes(received, 0)) == MessagePort.NO_MESSAGE)
        {
            looks = EchoWait.spin(looks, echo);
        }
        if (length == MessagePort.NOT_BYTES)
        {
            throw new IllegalStateException("the echo came back as " + next().data());
        }
        return length;
    }

    @Override
    public long pollStamp()
    {
        final Optional<MessageEvent> event = port.receiveMessage();
        return event.isEmpty() ? -1 : java.nio.ByteBuffer.wrap((byte[])event.get().data()).getLong(0);
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
            context.close();
        }
        finally
        {
            echo.close();
        }
    }
}
