package dev.entangle;

import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.lane.LaneWriter;
import dev.entangle.internal.stats.CloseCause;

/**
 * The end of a context, on its event loop as the loop stops: its ports close (their peers see {@code close}), its
 * buffers and broadcast channels are let go, its inbox is discarded, and its folder, doorbell and name are given
 * back. Each step goes on when an earlier one fails; every failure reaches the error handler.
 */
final class ContextCloser
{
    private ContextCloser()
    {
    }

    static void closeOnLoop(final ContextCore core)
    {
        for (final PortState port : core.ports().toArray(new PortState[0]))
        {
            try
            {
                port.close(CloseCause.CONTEXT_CLOSED);
            }
            catch (final RuntimeException ex)
            {
                core.errorHandler().onError(ex);
            }
        }
        for (final BufferHold hold : core.buffers().toArray(new BufferHold[0]))
        {
            hold.release(CloseCause.CONTEXT_CLOSED);
        }
        for (final BroadcastChannel broadcast : core.broadcasts().toArray(new BroadcastChannel[0]))
        {
            try
            {
                broadcast.release();
            }
            catch (final RuntimeException ex)
            {
                core.errorHandler().onError(ex);
            }
        }
        for (final WindowHandle window : core.windows().values())
        {
            window.release();
        }
        core.loopClient().unregister(core.runtime());
        retireInbox(core);
        core.files().close(core.runtime(), core.contextId());
        core.keepAlive().letGo();
        core.runtime().faults().removeErrorSink(core.errorHandler());
        core.runtime().release();
    }

    /** Gives the name back: a drained inbox is retired and the context's folder removed with it. */
    private static void retireInbox(final ContextCore core)
    {
        final ContextRecord record = core.record();
        try
        {
            core.inbox().closeAndDiscard();
            record.release();
            if (!core.inbox().isDamaged())
            {
                try (LaneWriter retirer = new LaneWriter(record.inbox(), record.inboxFiles(),
                    core.settings.laneSettings(), true))
                {
                    retirer.retireIfDrained(() -> SafeFiles.deleteRecursively(record.folder()));
                }
            }
        }
        catch (final RuntimeException | InternalError ex)
        {
            core.onListenerFailure(ex);
        }
    }
}
