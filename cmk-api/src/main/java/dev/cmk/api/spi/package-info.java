/**
 * The ports through which cmk reads and changes Azure: {@link dev.cmk.api.spi.KeyVaultProvider},
 * {@link dev.cmk.api.spi.StorageAccountProvider} and {@link dev.cmk.api.spi.KeyAccessProvider}, with the records
 * they exchange.
 *
 * <p>Ports speak domain types only. The Azure adapter ({@code dev.cmk.azure}) implements them with the Azure SDK;
 * the testkit ({@code dev.cmk.testkit}) implements them in memory. Implementations report failures as
 * {@link dev.cmk.api.CmkException} subtypes and keep Azure's own error code in
 * {@link dev.cmk.api.CmkException#azureErrorCode()}.
 */
package dev.cmk.api.spi;
