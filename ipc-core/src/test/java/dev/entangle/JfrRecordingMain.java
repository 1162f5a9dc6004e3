package dev.entangle;

import jdk.jfr.Recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a JVM of its own, so that no other test runs after a flight recording has started: records Entangle's
 * events while a channel carries a message, a port is transferred and both ports close, then dumps the recording.
 */
final class JfrRecordingMain
{
    private JfrRecordingMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        try (Recording recording = new Recording())
        {
            for (final String event : List.of("Post", "Dispatch", "Transfer", "Close"))
            {
                recording.enable("dev.entangle." + event);
            }
            recording.start();
            try (Context context = Context.builder().directory(dir).name("recorded").open())
            {
                final MessageChannel channel = new MessageChannel(context);
                final MessageChannel carried = new MessageChannel(context);
                channel.port1().postMessage(new byte[1000], List.of(carried.port2()));
                final MessageEvent event = channel.port2().receiveMessage(Duration.ofSeconds(30)).orElseThrow();
                Files.writeString(dir.resolve("ids"), channelIdOf(channel.port1()) + "\n" +
                    channelIdOf(carried.port1()) + "\n" + event.ports().size() + "\n");
                // The close is recorded where its event fires, on the loop: wait for it before the context closes.
                final CountDownLatch closed = new CountDownLatch(1);
                channel.port2().onClose(closed::countDown);
                channel.port1().close();
                if (!closed.await(30, TimeUnit.SECONDS))
                {
                    throw new IllegalStateException("port2 saw no close");
                }
            }
            recording.stop();
            recording.dump(dir.resolve("recording.jfr"));
        }
        System.out.println("dumped");
    }

    private static String channelIdOf(final MessagePort port)
    {
        return ((PortHandle)port).state().channel.id().toString();
    }
}
