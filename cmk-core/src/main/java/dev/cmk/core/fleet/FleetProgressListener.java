package dev.cmk.core.fleet;

/**
 * Receives the progress events of a fleet apply. Calls come from the apply's worker threads, one at a time and in
 * order of {@link FleetProgress#done()}; a listener must return quickly and must not throw (what it throws is
 * logged and ignored).
 */
@FunctionalInterface
public interface FleetProgressListener {
    /**
     * One account finished.
     *
     * @param progress the counts so far
     */
    void onProgress(FleetProgress progress);
}
