/**
 * Runnable examples of cmk, each with a test.
 */
package dev.cmk.examples;
