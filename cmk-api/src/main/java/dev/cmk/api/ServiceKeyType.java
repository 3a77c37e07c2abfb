package dev.cmk.api;

/**
 * Whether a service's data is protected by the account-scoped key (and so by a customer-managed key) or by a
 * service-scoped Microsoft-managed key. Fixed when the account is created; cmk reports it and never pretends to
 * change it.
 */
public enum ServiceKeyType {
    /** Account-scoped key ({@code Account}): the customer-managed key applies. */
    ACCOUNT,
    /** Service-scoped key ({@code Service}): always Microsoft-managed. */
    SERVICE
}
