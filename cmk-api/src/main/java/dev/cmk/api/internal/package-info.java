/**
 * Shared implementation details of cmk's own modules: Azure's error-code table ({@code AzureErrors}) and small
 * shared Azure facts ({@code AzureRules}). Not public API: exported only to cmk's own modules, and may change in any
 * release.
 */
package dev.cmk.api.internal;
