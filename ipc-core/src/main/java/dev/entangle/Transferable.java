package dev.entangle;

/**
 * Marks an object that can be listed in a {@code postMessage} transfer list. Its only implementations are the
 * library's own message ports.
 */
public interface Transferable
{
}
