package dev.entangle.bench.transport;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;
import org.agrona.concurrent.BusySpinIdleStrategy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entangle's MessagePort. The benchmark's thread posts on port1 and takes the echo with {@code receiveMessage()},
 * spinning, as raw Chronicle's tailer does; the echo side answers from its context's event loop, in an
 * {@code onMessage} listener, the way an application would.
 */
public final class EntangleLink implements Link
{
    private final Context context;
    private final MessagePort port;
    private final EchoProcess echo;

    private EntangleLink(final Context context, final MessagePort port, final EchoProcess echo)
    {
        this.context = context;
        this.port = port;
        this.echo = echo;
    }

    static EntangleLink connect(final Path dir, final int maxPayload, final EchoProcess echo)
    {
        final Context context = Context.builder().directory(dir).name("bench").open();
        final MessageChannel channel = new MessageChannel(context);
        context.window("echo").postMessage("echo on this port", "*", List.of(channel.port2()));
        return new EntangleLink(context, channel.port1(), echo);
    }

    /**
     * @return the benchmark side's context, where the idle-scale benchmark adds its idle ports.
     */
    public Context context()
    {
        return context;
    }

    static AutoCloseable serve(final Path dir, final boolean busySpin)
    {
        final Context.Builder builder = Context.builder().directory(dir).name("echo");
        if (busySpin)
        {
            builder.idleStrategy(new BusySpinIdleStrategy());
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
        final long[] received = new long[1];
        context.onMessage(event ->
        {
            final MessagePort port = event.ports().get(0);
            port.onMessage(message ->
            {
                if (++received[0] % ackEvery == 0)
                {
                    port.postMessage(message.data());
                }
            });
        });
        return () ->
        {
            context.close();
            idle.clear();
        };
    }

    @Override
    public void send(final byte[] payload, final int length)
    {
        port.postMessage(payload.length == length ? payload : java.util.Arrays.copyOf(payload, length));
    }

    @Override
    public int receive()
    {
        Optional<MessageEvent> event;
        while ((event = port.receiveMessage()).isEmpty())
        {
            Thread.onSpinWait();
        }
        return ((byte[])event.get().data()).length;
    }

    @Override
    public long pollStamp()
    {
        final Optional<MessageEvent> event = port.receiveMessage();
        return event.isEmpty() ? -1 : java.nio.ByteBuffer.wrap((byte[])event.get().data()).getLong(0);
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
