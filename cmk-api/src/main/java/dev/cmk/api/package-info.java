/**
 * Immutable domain values and the typed errors of cmk.
 *
 * <p>Every value is parsed once at the edge and refuses bad input with an {@link dev.cmk.api.InvalidInputException}
 * whose message names the offending part, the rule and an example of a valid value. No value type ever calls
 * Azure.
 */
package dev.cmk.api;
