/**
 * Benchmarks: JMH for cmk's own CPU, and programs that print reports of fleet runs on the virtual clock (in-memory
 * Azure, or the real Azure SDK over the wire fake with Azure's throttling limits enforced). Each report line names
 * the command that reproduces it. Nothing here runs during {@code mvn verify}.
 */
package dev.cmk.benchmarks;
