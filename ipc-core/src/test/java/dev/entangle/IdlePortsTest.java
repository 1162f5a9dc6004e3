package dev.entangle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many idle ports: delivery on one port still works among thousands of started, idle ones, and idle ports hold
 * no queue files open, so file descriptors grow with the ports that carry traffic rather than with all ports.
 */
@Timeout(180)
class IdlePortsTest
{
    private static final int IDLE_CHANNELS = 2000;

    @TempDir
    Path dir;

    @Test
    void aBusyPortAmongThousandsOfIdleOnesDeliversAndIdlePortsOpenNoFiles() throws IOException
    {
        try (Contexts contexts = new Contexts(dir))
        {
            final Context a = contexts.open("a");
            final Context b = contexts.open("b");
            final long before = openDescriptors();
            final List<MessageChannel> idle = new ArrayList<>();
            for (int i = 0; i < IDLE_CHANNELS; i++)
            {
                final MessageChannel channel = new MessageChannel(a);
                channel.port1().onMessage(e -> { });
                channel.port2().onMessage(e -> { });
                idle.add(channel);
            }
            final long afterIdle = openDescriptors();
            assertTrue(afterIdle - before < 100,
                "idle ports opened " + (afterIdle - before) + " descriptors for " + 2 * IDLE_CHANNELS + " ports");

            final MessageChannel busy = new MessageChannel(a);
            final Received echoes = new Received();
            final Received atB = new Received();
            b.onMessage(atB);
            a.window("b").postMessage("port", "*", List.of(busy.port2()));
            final MessagePort remote = atB.next().ports().get(0);
            remote.onMessage(e -> remote.postMessage(e.data()));
            busy.port1().onMessage(echoes);
            for (int i = 0; i < 1000; i++)
            {
                busy.port1().postMessage(i);
                assertEquals(i, echoes.nextData());
            }
            idle.get(IDLE_CHANNELS - 1).port1().postMessage("the last idle port wakes");
            final Received last = new Received();
            idle.get(IDLE_CHANNELS - 1).port2().onMessage(last);
            assertEquals("the last idle port wakes", last.nextData());
        }
    }

    private static long openDescriptors() throws IOException
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.count();
        }
    }
}
