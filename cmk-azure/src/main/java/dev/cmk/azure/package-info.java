/**
 * The cmk ports implemented with the Azure SDK for Java.
 */
package dev.cmk.azure;
