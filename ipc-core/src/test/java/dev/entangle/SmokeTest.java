package dev.entangle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest
{
    @TempDir
    Path dir;

    @Test
    void messageCrossesAChannelAndAPortMovesBetweenContexts()
    {
        try (Context a = Context.builder().directory(dir).name("a").open();
             Context b = Context.builder().directory(dir).name("b").open())
        {
            final MessageChannel channel = new MessageChannel(a);
            final LinkedBlockingQueue<Object> got = new LinkedBlockingQueue<>();
            channel.port2().onMessage(e -> got.add(e.data()));
            channel.port1().postMessage("hello");
            assertEquals("hello", Await.next(got));

            final MessageChannel carried = new MessageChannel(a);
            carried.port1().postMessage("waiting");
            final LinkedBlockingQueue<MessageEvent> atB = new LinkedBlockingQueue<>();
            b.onMessage(atB::add);
            a.window("b").postMessage(List.of(carried.port2()), "*", List.of(carried.port2()));
            final MessageEvent event = Await.next(atB);
            final MessagePort moved = event.ports().get(0);
            assertEquals(moved, ((List<?>)event.data()).get(0));
            final LinkedBlockingQueue<Object> atMoved = new LinkedBlockingQueue<>();
            moved.onMessage(e -> atMoved.add(e.data()));
            assertEquals("waiting", Await.next(atMoved));
            carried.port1().postMessage("after");
            assertEquals("after", Await.next(atMoved));
            final LinkedBlockingQueue<Object> closed = new LinkedBlockingQueue<>();
            moved.onClose(() -> closed.add("closed"));
            carried.port1().close();
            assertEquals("closed", Await.next(closed));
        }
    }
}
