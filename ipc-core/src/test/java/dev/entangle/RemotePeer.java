package dev.entangle;

import java.nio.file.Paths;
import java.util.List;

/**
 * A child JVM for the cross-process Remote tests. It opens a context named by its second argument in the directory
 * named by its first (allowing {@link RemoteFixtures.Point}), prints {@code ready}, and obeys commands sent to its
 * window: {@code ["expose"]} serves a new {@link RemoteFixtures.KeyValueStore} on the port the message carries,
 * {@code ["unexpose"]} stops serving it. Each command is answered with {@code ["ok", command]} to the window named
 * by the third argument. It exits when its standard input closes, so it never outlives its test.
 */
public final class RemotePeer
{
    private static Remote.Exposed exposed;

    private RemotePeer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Context context = Context.builder().directory(Paths.get(args[0])).name(args[1])
            .allowRecord(RemoteFixtures.Point.class).open();
        final String reportTo = args[2];
        context.onMessage(event ->
        {
            final String command = (String)((List<?>)event.data()).get(0);
            switch (command)
            {
                case "expose":
                    exposed = Remote.expose(event.ports().get(0), new RemoteFixtures.KeyValueStore());
                    break;
                case "unexpose":
                    exposed.close();
                    break;
                default:
                    throw new IllegalArgumentException("unknown command " + command);
            }
            context.window(reportTo).postMessage(List.of("ok", command), "*");
        });
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0)
        {
            // Wait for the parent to go away.
        }
        System.exit(3);
    }
}
