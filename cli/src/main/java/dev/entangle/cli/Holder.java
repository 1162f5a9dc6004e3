package dev.entangle.cli;

import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.process.ProcessLiveness;

import java.nio.file.Path;

/**
 * Who holds a context name, from its record.
 *
 * @param status    live, dead (its process died holding the name), closed, unclaimed (never opened), or unknown
 *                  (no valid record).
 * @param pid       the holder's (or last holder's) process, 0 when none.
 * @param contextId the holder's context id, 0 when none holds it now.
 */
record Holder(String status, long pid, long contextId)
{
    /**
     * @param folder the name's folder.
     * @return its holder now.
     */
    static Holder of(final Path folder)
    {
        final ContextRecord record = ContextRecord.openExisting(folder);
        if (record == null)
        {
            return new Holder("unknown", 0, 0);
        }
        try
        {
            final long id = record.holderId();
            final long pid = record.holderPid();
            if (id == 0)
            {
                return new Holder(pid == 0 ? "unclaimed" : "closed", pid, 0);
            }
            return new Holder(ProcessLiveness.isAlive(pid, record.holderStart()) ? "live" : "dead", pid, id);
        }
        finally
        {
            record.close();
        }
    }

    boolean isLive()
    {
        return status.equals("live");
    }

    @Override
    public String toString()
    {
        return pid == 0 ? status : "pid " + pid + ", " + status;
    }
}
