package dev.entangle.cli;

import dev.entangle.Context;
import dev.entangle.MessagePort;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The second JVM of the tests: opens a context of the given name in the given directory, keeps every port it is
 * sent (unstarted, so messages on them wait), says what it got, throws from its listener when it gets "throw" (so
 * its error log has something), and exits when its standard input closes, so it never outlives the test that
 * started it.
 */
public final class PeerMain
{
    /** The ports received, kept reachable so they stay owned here. */
    private static final List<MessagePort> KEPT = new CopyOnWriteArrayList<>();

    private PeerMain()
    {
    }

    /**
     * @param args the directory and the context name.
     * @throws IOException never in practice: standard input is a pipe.
     */
    public static void main(final String[] args) throws IOException
    {
        final Context context = Context.builder().directory(Path.of(args[0])).name(args[1]).open();
        context.onMessage(event ->
        {
            KEPT.addAll(event.ports());
            System.out.println("got " + event.data() + " with " + event.ports().size() + " port(s)");
            if ("throw".equals(event.data()))
            {
                throw new IllegalStateException("provoked in " + args[1] + " by the test");
            }
        });
        System.out.println("ready");
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        context.close();
        System.exit(0);
    }
}
