package dev.entangle;

import java.util.List;

/**
 * A delivered message.
 *
 * @param data        the structured clone of the posted message; null for {@code messageerror}.
 * @param origin      the sender's origin for a context message; {@code ""} on a port.
 * @param lastEventId always {@code ""}.
 * @param source      a proxy for the sending context, or null on a port.
 * @param ports       the transferred ports in transfer-list order, owned by the receiver; unmodifiable, never null.
 */
public record MessageEvent(Object data, String origin, String lastEventId, WindowProxy source, List<MessagePort> ports)
{
}
