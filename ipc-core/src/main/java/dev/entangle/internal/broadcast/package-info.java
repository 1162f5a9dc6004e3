/**
 * Broadcast channels across processes: one lane per origin and name that every participant writes once and every
 * participant reads through a reader line of its own, a table of receiver slots in the channel's control file, and
 * the rules by which slow and dead receivers stop holding the writers back. Internal; not API.
 */
package dev.entangle.internal.broadcast;
