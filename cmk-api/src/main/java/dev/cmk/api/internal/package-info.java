/**
 * Shared implementation details of cmk's own modules (Azure's error-code table, small shared Azure facts). Not public API: exported only to
 * cmk's own modules, and may change in any release.
 */
package dev.cmk.api.internal;
