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

    @Test
    void portsThatStopMovingLetGoOfTheirRingsAndMovingOnesHoldNoDescriptor() throws IOException
    {
        try (Contexts contexts = new Contexts(dir))
        {
            final Context a = contexts.open("a");
            final long before = openDescriptors();
            final List<MessageChannel> channels = new ArrayList<>();
            final Received echoes = new Received();
            for (int i = 0; i < 200; i++)
            {
                final MessageChannel channel = new MessageChannel(a);
                final MessagePort far = channel.port2();
                far.onMessage(e -> far.postMessage(e.data()));
                channel.port1().onMessage(echoes);
                channel.port1().postMessage(i);
                channels.add(channel);
            }
            for (int i = 0; i < 200; i++)
            {
                echoes.next();
            }
            assertTrue(ringMappings() > 0, "moving ports map their rings");
            assertTrue(openDescriptors() - before < 20,
                "400 moving ports hold no descriptor: " + (openDescriptors() - before));
            Await.until("idle ports to let go of their rings", () -> ringMappings() == 0);
            channels.get(7).port1().postMessage("wakes up");
            assertEquals("wakes up", echoes.nextData());
        }
    }

    private long ringMappings()
    {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps")))
        {
            return maps.filter(line -> line.contains(dir.toString()) && line.matches(".*/[ab]\\.\\d+( .*)?$")).count();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
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
