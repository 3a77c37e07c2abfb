/**
 * Shared implementation details of cmk's own modules (Azure's error-code table). Not public API: exported only to
 * {@code dev.cmk.testkit} and {@code dev.cmk.azure}, and may change in any release.
 */
package dev.cmk.api.internal;
