/**
 * An in-memory Azure implementing the cmk ports, with a virtual clock, call counters, faults, a JUnit 5 extension and AssertJ assertions.
 */
package dev.cmk.testkit;
