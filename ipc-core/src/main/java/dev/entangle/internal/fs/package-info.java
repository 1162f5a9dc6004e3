/**
 * Files that only their owner may touch: folders created 0700 and files 0600 at creation, symbolic links never
 * followed, memory-mapped regions that know their file so a truncated one can be found. Internal; not API.
 */
package dev.entangle.internal.fs;
