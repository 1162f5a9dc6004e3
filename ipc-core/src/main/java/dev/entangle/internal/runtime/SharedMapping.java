package dev.entangle.internal.runtime;

/**
 * A file this JVM maps once however many users it has, with the count of those users.
 *
 * @param <T> what the mapping is read through.
 */
final class SharedMapping<T>
{
    final T value;
    int references;

    SharedMapping(final T value, final int references)
    {
        this.value = value;
        this.references = references;
    }
}
