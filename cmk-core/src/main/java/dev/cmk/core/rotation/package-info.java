/**
 * Safe key rotation as an explicit state machine derived from what Azure reports.
 */
package dev.cmk.core.rotation;
