/**
 * The rules a key, its vault and an account's identity must meet before any write.
 */
package dev.cmk.core.validation;
