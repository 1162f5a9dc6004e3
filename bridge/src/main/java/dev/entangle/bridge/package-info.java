/**
 * The bridge between hosts: one JVM per host, with the Aeron media driver embedded, that joins its host's directory
 * as an ordinary participant and carries window messages and ports to the bridges of other hosts over UDP. Local
 * contexts never touch Aeron: a remote context looks like a local name whose inbox the bridge reads, and a remote
 * port like a local port that the bridge owns.
 */
package dev.entangle.bridge;
