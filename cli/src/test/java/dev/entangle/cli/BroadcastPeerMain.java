package dev.entangle.cli;

import dev.entangle.BroadcastChannel;
import dev.entangle.Context;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A broadcast receiver in a second JVM: opens a context of the given name in the given directory and joins the
 * broadcast channel of the given name, then either never reads ({@code hold}, so what is posted waits for it) or
 * prints {@code got <message>} for each message ({@code listen}). An origin may follow; the default is the
 * library's. It prints {@code ready} once joined, and exits when
 * its standard input closes, so it never outlives the test that started it.
 */
public final class BroadcastPeerMain
{
    private BroadcastPeerMain()
    {
    }

    /**
     * @param args the directory, the context name, the channel name, {@code hold} or {@code listen}, and an origin
     *             (optional).
     * @throws IOException never in practice: standard input is a pipe.
     */
    public static void main(final String[] args) throws IOException
    {
        final Context.Builder builder = Context.builder().directory(Path.of(args[0])).name(args[1]);
        if (args.length > 4)
        {
            builder.origin(args[4]);
        }
        final Context context = builder.open();
        final BroadcastChannel channel = new BroadcastChannel(context, args[2]);
        if ("listen".equals(args[3]))
        {
            channel.onMessage(event -> System.out.println("got " + event.data()));
        }
        System.out.println("ready");
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        context.close();
        System.exit(0);
    }
}
