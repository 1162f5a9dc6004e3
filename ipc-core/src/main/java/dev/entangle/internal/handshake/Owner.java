package dev.entangle.internal.handshake;

/**
 * Who owns a transferable now: a context in a process, and the doorbell slot its peer rings.
 *
 * @param pid       the owning process.
 * @param start     its start time, milliseconds.
 * @param contextId the owning context.
 * @param slot      the context's doorbell slot for it, or -1.
 */
public record Owner(long pid, long start, long contextId, int slot)
{
}
