package dev.entangle.internal.runtime;

import java.nio.file.Path;

/**
 * Keeps the JVM alive while something counted here lives, as Node keeps its process alive while a port has
 * listeners: one non-daemon thread that waits until the count returns to zero.
 */
final class KeepAlive
{
    private int count;
    private Thread holder;

    synchronized void reference(final boolean add, final Path directory)
    {
        count += add ? 1 : -1;
        if (count > 0 && holder == null)
        {
            holder = new Thread(this::hold, "entangle-keepalive " + directory.getFileName());
            holder.setDaemon(false);
            holder.start();
        }
        else if (count <= 0)
        {
            count = 0;
            notifyAll();
        }
    }

    synchronized void clear()
    {
        count = 0;
        notifyAll();
    }

    private synchronized void hold()
    {
        try
        {
            while (count > 0)
            {
                wait();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            holder = null;
        }
    }
}
