package dev.entangle.internal.broadcast;

/**
 * Who holds a slot: a receiver, its process, and the doorbell that wakes it.
 *
 * @param receiverId   the receiver's id, not 0, unique within the channel.
 * @param pid          its process.
 * @param start        its process's start time, milliseconds.
 * @param contextId    the context whose doorbell wakes it.
 * @param doorbellSlot its slot in that doorbell, or -1 for the doorbell's overflow flag.
 * @param limit        how many bytes it may fall behind before a writer may leave it out.
 */
public record BroadcastMember(long receiverId, long pid, long start, long contextId, int doorbellSlot, long limit)
{
}
