package dev.entangle.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Two "hosts" on this machine: for each a shared directory, an Aeron directory and a UDP port on loopback, one
 * federation file, and a bridge JVM per host. Contexts of host1 may run in the test's JVM, those of host2 in
 * JVMs of their own ({@link RemoteContextMain}).
 */
final class TwoHosts implements AutoCloseable
{
    final Path root;
    final Path federation;
    final Child[] bridges = new Child[2];
    private final List<Child> children = new ArrayList<>();
    private final List<String> bridgeOptions;

    TwoHosts(final Path root, final String extraSettings, final List<String> bridgeOptions) throws IOException
    {
        this.root = root;
        this.bridgeOptions = bridgeOptions;
        final int port1 = LoopbackPorts.freeUdpPort();
        final int port2 = LoopbackPorts.freeUdpPort();
        this.federation = root.resolve("federation");
        Files.writeString(federation, String.join("\n",
            "# two hosts on loopback",
            "host host1 127.0.0.1:" + port1 + " directory=" + dir(1) + " aeron-dir=" + aeronDir(1),
            "host host2 127.0.0.1:" + port2 + " directory=" + dir(2) + " aeron-dir=" + aeronDir(2),
            "route billing host2",
            "route worker-* host2",
            "route orders host1",
            "set bridge.term.length 1m",
            extraSettings,
            ""));
    }

    /**
     * @param root a temporary folder.
     * @return two hosts whose bridges run and see each other.
     */
    static TwoHosts start(final Path root) throws IOException
    {
        return start(root, "", List.of());
    }

    static TwoHosts start(final Path root, final String extraSettings, final List<String> bridgeOptions)
        throws IOException
    {
        final TwoHosts hosts = new TwoHosts(root, extraSettings, bridgeOptions);
        try
        {
            hosts.startBridge(1);
            hosts.startBridge(2);
            hosts.bridges[0].await(hostUp(2));
            hosts.bridges[1].await(hostUp(1));
        }
        catch (final RuntimeException | Error ex)
        {
            hosts.close();
            throw ex;
        }
        return hosts;
    }

    static String hostUp(final int host)
    {
        return "host host" + host + " is up";
    }

    void startBridge(final int host)
    {
        final Child bridge = Child.launch("bridge" + host, bridgeOptions, BridgeMain.class,
            "--federation", federation.toString(), "--host", "host" + host);
        bridges[host - 1] = bridge;
        children.add(bridge);
        bridge.await("ready");
    }

    /**
     * @return the shared directory of a host.
     */
    Path dir(final int host)
    {
        return root.resolve("host" + host);
    }

    Path aeronDir(final int host)
    {
        return root.resolve("aeron" + host);
    }

    /**
     * Starts a context of host2 in a JVM of its own, and waits until it is open.
     */
    Child remote(final String name, final String mode, final String... args)
    {
        final List<String> all = new ArrayList<>(List.of(dir(2).toString(), name, mode));
        all.addAll(List.of(args));
        final Child child = Child.launch(name, List.of(), RemoteContextMain.class, all.toArray(new String[0]));
        children.add(child);
        child.await("open");
        return child;
    }


    /**
     * @return a folder for a test's hosts, in memory where the machine has /dev/shm.
     */
    static Path tempRoot(final String name) throws IOException
    {
        final Path shm = Paths.get("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ?
            Files.createTempDirectory(shm, "entangle-" + name + "-") : Files.createTempDirectory("entangle-" + name);
    }

    @Override
    public void close()
    {
        for (int i = children.size() - 1; i >= 0; i--)
        {
            children.get(i).close();
        }
        try (java.util.stream.Stream<Path> files = Files.walk(root))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        catch (final IOException ignore)
        {
            // A temporary folder; what is left goes with the machine's cleanup.
        }
    }

    /**
     * @return what both bridges printed, for a failure's message.
     */
    String bridgeOutput()
    {
        return "--- bridge host1:\n" + (bridges[0] == null ? "" : bridges[0].output()) + "--- bridge host2:\n" +
            (bridges[1] == null ? "" : bridges[1].output());
    }
}
