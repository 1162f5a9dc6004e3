package dev.entangle.internal.runtime;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.stats.CloseCause;

import java.util.List;

/**
 * Closes, for their peers, the transferables carried by a message that will never be delivered.
 */
public final class Discards
{
    private Discards()
    {
    }

    /**
     * @param runtime the directory's runtime.
     * @param entries what the message carried.
     */
    public static void discard(final DirectoryRuntime runtime, final List<TransferEntry> entries)
    {
        for (final TransferEntry entry : entries)
        {
            discard(runtime, entry);
        }
    }

    /**
     * @param runtime the directory's runtime.
     * @param entry   one transferable the message carried.
     */
    public static void discard(final DirectoryRuntime runtime, final TransferEntry entry)
    {
        if (entry.ticket().isLost())
        {
            return;
        }
        if (entry.kind() != TransferEntry.PORT)
        {
            runtime.discardBuffer(entry);
            return;
        }
        {
            final ChannelFile file = runtime.channels().acquire(new ChannelId(entry.high(), entry.low()));
            if (file != null)
            {
                try
                {
                    file.record(entry.side()).discard(entry.ticket(), CloseCause.LOST_IN_TRANSIT.ordinal());
                }
                finally
                {
                    runtime.channels().release(file);
                }
            }
        }
    }
}
