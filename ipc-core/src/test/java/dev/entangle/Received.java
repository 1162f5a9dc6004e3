package dev.entangle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Collects what listeners see, in order, for a test thread to wait on.
 */
final class Received implements MessageListener
{
    final LinkedBlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(final MessageEvent event)
    {
        events.add(event);
    }

    MessageEvent next()
    {
        return Await.next(events);
    }

    Object nextData()
    {
        return next().data();
    }

    List<Object> nextData(final int count)
    {
        final List<Object> data = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            data.add(nextData());
        }
        return data;
    }

    /**
     * @return true when nothing arrives during a quiet period.
     */
    boolean staysEmpty()
    {
        Await.quietPeriod(150);
        return events.isEmpty();
    }
}
