/**
 * The entry point {@code CustomerManagedKeys} and the operations on storage accounts and keys.
 */
package dev.cmk.core;
