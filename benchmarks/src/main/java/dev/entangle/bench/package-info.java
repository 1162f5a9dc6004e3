/**
 * JMH benchmarks of Entangle against the transports a user would otherwise pick.
 */
package dev.entangle.bench;
