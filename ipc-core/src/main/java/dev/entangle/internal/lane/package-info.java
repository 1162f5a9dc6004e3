/**
 * The transport: a lane carries frames one way through rings in memory-mapped files, with the writer's and the
 * reader's positions published in a shared control block, so a writer always knows how far behind its reader is.
 * Internal; not API.
 */
package dev.entangle.internal.lane;
