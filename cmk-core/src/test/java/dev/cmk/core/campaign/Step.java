package dev.cmk.core.campaign;

/**
 * One operation of a campaign schedule, with the faults injected while it runs. Replaying the same steps on a
 * fresh in-memory Azure reproduces a run exactly: the step's faults come from {@code faultSeed} alone (the fault
 * streams are re-seeded at the start of every step), so dropping steps while shrinking keeps each step's faults.
 * Shared by the in-memory campaign and the full-stack campaign of cmk-azure-testkit (cmk-core's test-jar).
 *
 * @param op the operation
 * @param account index of the account it acts on
 * @param key index of the key it acts on
 * @param pinned for CONFIGURE: pin the current version instead of auto-update; for ROTATE and REVOKE_KEY: discover
 *     the dependents in the subscription instead of declaring the four accounts
 * @param retire for ROTATE: retire old versions
 * @param hours for ADVANCE_TIME: hours to advance; for ROTATE: the minimum interval between rotations, in hours
 * @param rotationId for ROTATE: the rotation id
 * @param faultRate probability of a fault on each Azure call during the step
 * @param crashAfter crash after this many calls (-1: no crash)
 * @param faultSeed seed of the step's faults
 */
public record Step(Op op, int account, int key, boolean pinned, boolean retire, int hours, String rotationId,
            double faultRate, int crashAfter, long faultSeed) {

    /** The operations a schedule draws from. */
    public enum Op { CONFIGURE, MICROSOFT_MANAGED, ROTATE, ADVANCE_TIME, REVOKE_KEY, RESTORE_KEY, REVOKE_ACCOUNT,
        RESTORE_ACCOUNT, CONFIGURE_OUTSIDER }

    @Override
    public String toString() {
        String faults = (faultRate > 0 ? " faults=" + faultRate : "") + (crashAfter >= 0 ? " crashAfter="
                + crashAfter : "");
        return switch (op) {
            case CONFIGURE -> "configure account" + account + " key" + key + (pinned ? " pinned" : " auto") + faults;
            case MICROSOFT_MANAGED -> "microsoft-managed account" + account + faults;
            case ROTATE -> "rotate key" + key + " id=" + (rotationId.isEmpty() ? "(default)" : rotationId)
                    + (retire ? " retire" : "") + (pinned ? " discovered" : " declared") + " interval=" + hours + "h"
                    + faults;
            case CONFIGURE_OUTSIDER -> "configure outsider (not declared) key" + key + " pinned to the old version"
                    + faults;
            case ADVANCE_TIME -> "advance " + hours + "h";
            case REVOKE_KEY -> "revoke key" + key + (pinned ? " discovered" : " declared") + faults;
            case RESTORE_KEY -> "restore key" + key + faults;
            case REVOKE_ACCOUNT -> "revoke account" + account + faults;
            case RESTORE_ACCOUNT -> "restore account" + account + faults;
        };
    }
}
