/**
 * A wire-level fake of Azure for tests of code that uses the Azure SDK: {@link dev.cmk.azure.testkit.WireFake}
 * serves the ARM Storage, Key Vault keys, Key Vault ARM and role assignment REST APIs from a
 * {@code dev.cmk.testkit.InMemoryAzure}, and counts the requests per operation
 * ({@link dev.cmk.azure.testkit.RequestCounts}).
 *
 * <pre>{@code
 * InMemoryAzure azure = InMemoryAzure.create();
 * KeyReference key = azure.key(azure.vault("contoso").create(), "storage-cmk").create();
 * StorageAccountId account = azure.account("contosodata").create();
 * CustomerManagedKeys cmk = WireFake.customerManagedKeys(azure);   // the real Azure adapter, over the fake
 * cmk.storageAccount(account).useCustomerManagedKey(key.versionless()).grantKeyAccess().apply();
 * }</pre>
 */
package dev.cmk.azure.testkit;
