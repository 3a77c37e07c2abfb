package dev.cmk.core.fleet;

/** What a fleet apply does when one account fails. Each account's failure is isolated either way. */
public enum FailurePolicy {
    /** Stop starting new accounts after the first failure; accounts not started are reported as not attempted. */
    STOP_ON_FIRST_FAILURE,
    /** Keep going; every failure is reported with its reason. */
    CONTINUE
}
