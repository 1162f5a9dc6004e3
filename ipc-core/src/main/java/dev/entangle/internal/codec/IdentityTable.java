package dev.entangle.internal.codec;

import java.util.Arrays;

/**
 * Object-to-id map by identity, open addressing with linear probing. Reused across messages and cleared in time
 * proportional to what the last message put in it, so a warm encoder allocates nothing.
 */
final class IdentityTable
{
    static final int MISSING = -1;

    private Object[] keys = new Object[64];
    private int[] ids = new int[64];
    private int[] usedSlots = new int[32];
    private int size;

    /**
     * @return the id of {@code key}, or {@link #MISSING}.
     */
    int get(final Object key)
    {
        final Object[] keys = this.keys;
        final int mask = keys.length - 1;
        int slot = hash(key) & mask;
        Object candidate;
        while ((candidate = keys[slot]) != null)
        {
            if (candidate == key)
            {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        return MISSING;
    }

    /**
     * Adds a key known to be absent.
     */
    void put(final Object key, final int id)
    {
        if ((size + 1) * 2 > keys.length)
        {
            grow();
        }
        insert(key, id);
    }

    int size()
    {
        return size;
    }

    void clear()
    {
        for (int i = 0; i < size; i++)
        {
            keys[usedSlots[i]] = null;
        }
        size = 0;
    }

    private void insert(final Object key, final int id)
    {
        final int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (keys[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ids[slot] = id;
        if (size == usedSlots.length)
        {
            usedSlots = Arrays.copyOf(usedSlots, size * 2);
        }
        usedSlots[size++] = slot;
    }

    private void grow()
    {
        final Object[] oldKeys = keys;
        final int[] oldIds = ids;
        final int[] oldUsed = usedSlots;
        final int oldSize = size;
        keys = new Object[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        usedSlots = new int[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldSize; i++)
        {
            insert(oldKeys[oldUsed[i]], oldIds[oldUsed[i]]);
        }
    }

    private static int hash(final Object key)
    {
        final int h = System.identityHashCode(key);
        return h ^ (h >>> 16);
    }
}
