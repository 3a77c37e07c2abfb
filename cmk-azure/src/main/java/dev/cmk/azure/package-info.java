/**
 * The cmk ports implemented with the Azure SDK for Java. Start at
 * {@link dev.cmk.azure.AzureCustomerManagedKeys#builder()}: it names the credential ({@code DefaultAzureCredential}
 * by default), the cloud, and the permissions each operation needs. {@link dev.cmk.azure.RetrySettings} and
 * {@link dev.cmk.azure.PacingSettings} tune retries and pacing; {@link dev.cmk.azure.Sleeper} and a
 * {@link java.time.Clock} make both testable on a virtual clock.
 */
package dev.cmk.azure;
