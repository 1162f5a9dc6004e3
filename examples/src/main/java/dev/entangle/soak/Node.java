package dev.entangle.soak;

import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node: the processes that the coordinator kills and restarts. Each incarnation makes a few streams (a channel
 * whose first port it keeps and writes on, whose second port it sends to another node, which reads it), takes the
 * ends that others send it, and now and then moves one of its ends to another node, with the number its next holder
 * goes on from. A writer whose reader died makes a new stream. A node also reads the streams the edge sends it:
 * slowly, or never.
 */
final class Node implements Participant.Role
{
    static final String KIND = "kind";
    static final String STREAM = "stream";
    static final String HOP = "hop";
    static final String NUMBER = "number";
    static final String WRITER = "writer";
    static final String READER = "reader";

    private static final long MIN_MOVE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_MOVE_NANOS = TimeUnit.MILLISECONDS.toNanos(700);

    private final Participant self;
    private final List<Writer> writers = new ArrayList<>();
    private final List<Reader> readers = new ArrayList<>();
    private final List<Reader> slowReaders = new ArrayList<>();
    /** Ends that are never started, held here so that they stay reachable. */
    private final List<MessagePort> idle = new ArrayList<>();
    private int created;
    private long nextMoveNanos;

    Node(final Participant self)
    {
        this.self = self;
    }

    @Override
    public void start()
    {
        nextMoveNanos = System.nanoTime() + MAX_MOVE_NANOS;
        try
        {
            self.context().onMessage(this::arrived);
            for (int i = 0; i < self.streams; i++)
            {
                create();
            }
        }
        catch (final IllegalStateException contextClosed)
        {
            // Stopped as soon as started.
        }
    }

    @Override
    public void tick(final long nowNanos)
    {
        for (final Writer writer : List.copyOf(writers))
        {
            writer.watch(nowNanos);
        }
        if (nowNanos >= nextMoveNanos)
        {
            moveOne();
            nextMoveNanos = nowNanos + MIN_MOVE_NANOS + (long)(self.random.nextDouble() * MAX_MOVE_NANOS);
        }
    }

    /**
     * A writer whose reader went away makes a new stream in its place, so that the number of streams stays about
     * the same however many kills there are: each incarnation adds {@code streams}, and each kill takes away the
     * streams whose writer it held.
     */
    private void replace(final Writer closed)
    {
        writers.remove(closed);
        try
        {
            create();
        }
        catch (final IllegalStateException contextClosed)
        {
            // This process is ending.
        }
    }

    private void create()
    {
        final MessageChannel channel = new MessageChannel(self.context());
        final String stream = self.name + "." + self.pid + "." + created++;
        final Writer writer = new Writer(self, stream, channel.port1(), 0, 0, this::replace);
        writers.add(writer);
        Report.held(stream, Report.WRITER_END, 0);
        writer.start();
        Report.held(stream, Report.READER_END, 0);
        final String target = self.otherNode();
        if (self.send(target, Map.of(KIND, READER, STREAM, stream, HOP, 1, NUMBER, 0L), channel.port2()))
        {
            Report.gave(stream, Report.READER_END, 1, target);
        }
        else
        {
            takeReader(stream, channel.port2(), 0L, 0);
        }
    }

    private void arrived(final MessageEvent event)
    {
        final Map<?, ?> message = (Map<?, ?>)event.data();
        final String kind = (String)message.get(KIND);
        final String stream = (String)message.get(STREAM);
        final int hop = (Integer)message.get(HOP);
        final long number = (Long)message.get(NUMBER);
        final MessagePort port = event.ports().get(0);
        Report.held(stream, WRITER.equals(kind) ? Report.WRITER_END : Report.READER_END, hop);
        switch (kind)
        {
            case WRITER ->
            {
                final Writer writer = new Writer(self, stream, port, number, hop, this::replace);
                writers.add(writer);
                writer.start();
            }
            case READER -> takeReader(stream, port, number, hop);
            case Edge.SLOW ->
            {
                final Reader reader = new Reader(self, stream, port, number, hop, slowReaders::remove);
                slowReaders.add(reader);
                reader.startSlow(self.slowDelayMs);
            }
            default ->
            {
                idle.add(port);
                port.onClose(() ->
                {
                    Participant.endClosed(stream, Report.READER_END, port);
                    idle.remove(port);
                });
            }
        }
    }

    private void takeReader(final String stream, final MessagePort port, final long expected, final int hop)
    {
        final Reader reader = new Reader(self, stream, port, expected, hop, readers::remove);
        readers.add(reader);
        reader.start();
    }

    /**
     * Moves one end, writer's or reader's, to another node; its numbering goes on there.
     */
    private void moveOne()
    {
        final int total = writers.size() + readers.size();
        if (total == 0)
        {
            return;
        }
        final int pick = self.random.nextInt(total);
        final String target = self.otherNode();
        if (pick < writers.size())
        {
            final Writer writer = writers.get(pick);
            final int hop = writer.hop + 1;
            if (self.send(target, Map.of(KIND, WRITER, STREAM, writer.stream, HOP, hop, NUMBER, writer.next()),
                writer.port))
            {
                writer.detach();
                writers.remove(writer);
                Report.gave(writer.stream, Report.WRITER_END, hop, target);
            }
        }
        else
        {
            final Reader reader = readers.get(pick - writers.size());
            final int hop = reader.hop + 1;
            if (self.send(target, Map.of(KIND, READER, STREAM, reader.stream, HOP, hop, NUMBER, reader.expected()),
                reader.port))
            {
                reader.detach();
                readers.remove(reader);
                Report.gave(reader.stream, Report.READER_END, hop, target);
            }
        }
    }
}
