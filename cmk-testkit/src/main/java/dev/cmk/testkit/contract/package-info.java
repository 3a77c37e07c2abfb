/**
 * Port contract kits over an abstract {@link dev.cmk.testkit.contract.AzureFixture}: extend a kit, return a fixture
 * that sets up vaults, keys and accounts in the Azure your providers talk to (the in-memory Azure, a wire fake, or a
 * live subscription behind an opt-in flag), and the kit proves your providers behave as cmk relies on.
 */
package dev.cmk.testkit.contract;
