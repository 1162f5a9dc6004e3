package dev.entangle.soak;

import dev.entangle.MessageChannel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The edge: the one process that is never killed. It writes, at full speed, two streams whose readers live in
 * nodes: one read slowly (a sleep after each message) and one never started. Both writers are held back by the
 * limit; the second never goes on. When the node holding a reader dies, the edge sees {@code close} and makes the
 * stream anew, for a node chosen at random.
 */
final class Edge implements Participant.Role
{
    /** The stream read slowly. */
    static final String SLOW = "slow";
    /** The stream never read. */
    static final String IDLE = "idle";

    private static final long REMAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Participant self;
    private final List<Writer> writers = new ArrayList<>();
    private final Map<String, Long> remakeAt = new HashMap<>();
    private int created;

    Edge(final Participant self)
    {
        this.self = self;
    }

    @Override
    public void start()
    {
        make(SLOW);
        make(IDLE);
    }

    @Override
    public void tick(final long nowNanos)
    {
        for (final Writer writer : List.copyOf(writers))
        {
            writer.watch(nowNanos);
        }
        for (final Map.Entry<String, Long> due : Map.copyOf(remakeAt).entrySet())
        {
            if (nowNanos >= due.getValue())
            {
                remakeAt.remove(due.getKey());
                make(due.getKey());
            }
        }
    }

    private void make(final String kind)
    {
        final MessageChannel channel;
        try
        {
            channel = new MessageChannel(self.context());
        }
        catch (final IllegalStateException contextClosed)
        {
            // This process is ending.
            return;
        }
        final String stream = kind + "." + self.pid + "." + created++;
        final Writer writer = new Writer(self, stream, channel.port1(), 0, 0, closed ->
        {
            writers.remove(closed);
            remakeAt.put(kind, System.nanoTime() + REMAKE_NANOS);
        });
        writers.add(writer);
        Report.held(stream, Report.WRITER_END, 0);
        writer.start();
        Report.held(stream, Report.READER_END, 0);
        final String target = self.otherNode();
        if (self.send(target, Map.of(Node.KIND, kind, Node.STREAM, stream, Node.HOP, 1, Node.NUMBER, 0L),
            channel.port2()))
        {
            Report.gave(stream, Report.READER_END, 1, target);
        }
        else
        {
            // The writer sees close and the stream is made again.
            channel.port2().close();
        }
    }
}
