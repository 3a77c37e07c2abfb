/**
 * The rules a key, its vault and an account's identity must meet before any write.
 *
 * <p>Not exported: callers see the rules through {@link dev.cmk.core.EncryptionPlan#violations()} and
 * {@code KeyOperations.validate(..)}, never by calling them directly.
 */
package dev.cmk.core.validation;
