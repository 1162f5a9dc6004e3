/**
 * The shared records that say who owns what: a channel's file (two port records and the control blocks of its two
 * lanes), a context name's record, a context's doorbell, and the frame that carries transferred ports. Every state
 * change is a compare-and-set on one word. Internal; not API.
 */
package dev.entangle.internal.handshake;
