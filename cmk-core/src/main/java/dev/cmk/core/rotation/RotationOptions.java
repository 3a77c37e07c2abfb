package dev.cmk.core.rotation;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.VaultRequirements;
import java.time.Duration;
import java.util.Objects;

/**
 * How a rotation behaves: an immutable value, kept apart from the rotation it configures (as resilience4j keeps a
 * circuit breaker's config apart from the breaker). Build it with {@link #ofDefaults()}, {@link #custom()} or
 * {@link #from(RotationOptions)}; every bound is checked when it is set, before any call to Azure.
 *
 * <pre>{@code
 * RotationOptions options = RotationOptions.custom().retireOldVersions(true).build();
 * cmk.key(key).rotation(Dependents.discoveredIn(scope), options).run();
 * }</pre>
 *
 * <p>Defaults: old versions are not retired; pickup window 24 hours plus a 1 hour margin; requirements
 * {@link VaultRequirements#azureStorageDefaults()}; {@link KeyRotation#run()} makes at most 10 steps; a new rotation
 * is refused for 7 days after the key's last rotation created its version (the minimum interval), unless forced;
 * pinned dependents of up to 8 subscription-regions are moved in parallel (as a fleet apply writes them).
 *
 * @param retireOldVersions whether old versions are disabled once no dependent uses them and the window has passed
 * @param pickupWindow how long Azure Storage may take to pick up a new version
 * @param margin extra time after the window before auto-updating dependents count as stalled
 * @param requirements what the new version must meet before any account is pointed at it
 * @param maxSteps the most steps {@link KeyRotation#run()} makes before it returns
 * @param minimumInterval how long after the key's last rotation created its version a new rotation is refused
 * @param force whether a new rotation may start within the minimum interval
 * @param parallelRegions how many subscription-regions move their pinned dependents at the same time (1 to 64)
 */
public record RotationOptions(boolean retireOldVersions, Duration pickupWindow, Duration margin,
                              VaultRequirements requirements, int maxSteps, Duration minimumInterval,
                              boolean force, int parallelRegions) {
    /** The default of {@link #parallelRegions()}. */
    public static final int DEFAULT_PARALLEL_REGIONS = 8;
    private static final RotationOptions DEFAULTS = new RotationOptions(false, Duration.ofHours(24),
            Duration.ofHours(1), VaultRequirements.azureStorageDefaults(), 10, Duration.ofDays(7), false,
            DEFAULT_PARALLEL_REGIONS);

    /**
     * Checks every bound.
     *
     * @param retireOldVersions whether old versions are retired
     * @param pickupWindow the pickup window, positive
     * @param margin the margin, zero or positive
     * @param requirements the requirements
     * @param maxSteps the step bound of {@code run()}, 1 to 1,000
     * @param minimumInterval the minimum interval between rotations, zero or positive
     * @param force whether the minimum interval is ignored
     * @param parallelRegions how many subscription-regions move their pinned dependents at the same time, 1 to 64
     * @throws InvalidInputException if a bound is broken
     * @throws NullPointerException if a component is null
     */
    public RotationOptions {
        if (parallelRegions < 1 || parallelRegions > 64) {
            throw new InvalidInputException("parallel regions of a rotation", "1 to 64 subscription-regions at once",
                    Integer.toString(parallelRegions), Integer.toString(DEFAULT_PARALLEL_REGIONS));
        }
        if (pickupWindow == null || pickupWindow.isZero() || pickupWindow.isNegative()) {
            throw new InvalidInputException("pickup window", "the pickup window is positive",
                    String.valueOf(pickupWindow), "PT24H");
        }
        if (margin == null || margin.isNegative()) {
            throw new InvalidInputException("pickup margin", "the margin is zero or positive", String.valueOf(margin),
                    "PT1H");
        }
        if (maxSteps < 1 || maxSteps > 1000) {
            throw new InvalidInputException("maximum steps of run()", "run() makes 1 to 1000 steps",
                    Integer.toString(maxSteps), "10");
        }
        if (minimumInterval == null || minimumInterval.isNegative()) {
            throw new InvalidInputException("minimum interval between rotations", "the interval is zero or positive",
                    String.valueOf(minimumInterval), "P7D");
        }
        Objects.requireNonNull(requirements, "requirements");
    }

    /**
     * Options with the default parallelism ({@value #DEFAULT_PARALLEL_REGIONS} subscription-regions); kept for
     * callers written before {@link #parallelRegions()} existed.
     *
     * @param retireOldVersions whether old versions are retired
     * @param pickupWindow the pickup window, positive
     * @param margin the margin, zero or positive
     * @param requirements the requirements
     * @param maxSteps the step bound of {@code run()}, 1 to 1,000
     * @param minimumInterval the minimum interval between rotations, zero or positive
     * @param force whether the minimum interval is ignored
     * @throws InvalidInputException if a bound is broken
     * @throws NullPointerException if a component is null
     */
    public RotationOptions(boolean retireOldVersions, Duration pickupWindow, Duration margin,
                           VaultRequirements requirements, int maxSteps, Duration minimumInterval, boolean force) {
        this(retireOldVersions, pickupWindow, margin, requirements, maxSteps, minimumInterval, force,
                DEFAULT_PARALLEL_REGIONS);
    }

    /**
     * The defaults (see the class description).
     *
     * @return the default options
     */
    public static RotationOptions ofDefaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder custom() {
        return new Builder(DEFAULTS);
    }

    /**
     * A builder starting from other options.
     *
     * @param options the options to start from
     * @return a new builder
     */
    public static Builder from(RotationOptions options) {
        return new Builder(Objects.requireNonNull(options, "options"));
    }

    /** Builds {@link RotationOptions}; not thread-safe, the options it builds are. */
    public static final class Builder {
        private boolean retire;
        private Duration window;
        private Duration margin;
        private VaultRequirements requirements;
        private int maxSteps;
        private Duration minimumInterval;
        private boolean force;
        private int parallelRegions;

        private Builder(RotationOptions o) {
            retire = o.retireOldVersions;
            window = o.pickupWindow;
            margin = o.margin;
            requirements = o.requirements;
            maxSteps = o.maxSteps;
            minimumInterval = o.minimumInterval;
            force = o.force;
            parallelRegions = o.parallelRegions;
        }

        /**
         * Whether old versions are disabled once it is safe: when no dependent reports or pins them and the pickup
         * window plus margin has passed since the new version was created. Recorded on the new version, so a
         * resumed rotation knows.
         *
         * @param retire true to retire old versions
         * @return this builder
         */
        public Builder retireOldVersions(boolean retire) {
            this.retire = retire;
            return this;
        }

        /**
         * How long Storage may take to pick up a new version (24 hours by default) and the margin after which an
         * auto-updating dependent that has not picked it up is stalled (1 hour).
         *
         * @param window the pickup window, positive
         * @param margin the margin, zero or positive
         * @return this builder
         * @throws InvalidInputException if the window is not positive or the margin negative
         */
        public Builder pickupWindow(Duration window, Duration margin) {
            new RotationOptions(retire, window, margin, requirements, maxSteps, minimumInterval, force,
                    parallelRegions);
            this.window = window;
            this.margin = margin;
            return this;
        }

        /**
         * The requirements the new version must meet before any account is pointed at it.
         *
         * @param requirements the requirements
         * @return this builder
         * @throws NullPointerException if requirements is null
         */
        public Builder requirements(VaultRequirements requirements) {
            this.requirements = Objects.requireNonNull(requirements, "requirements");
            return this;
        }

        /**
         * The most steps {@link KeyRotation#run()} makes before it returns (10 by default). A normal rotation needs
         * at most 4 steps per call; the bound only stops a rotation that Azure keeps changing under it.
         *
         * @param maxSteps 1 to 1,000
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder maxSteps(int maxSteps) {
            new RotationOptions(retire, window, margin, requirements, maxSteps, minimumInterval, force,
                    parallelRegions);
            this.maxSteps = maxSteps;
            return this;
        }

        /**
         * How long after the key's last rotation created its version a new rotation is refused (7 days by
         * default; Key Vault's own rotation policy has the same minimum). This keeps a driver that lost track of a
         * finished rotation (for example one that crashed before recording completion and was restarted the next
         * day, with a new default id) from creating another version. {@code Duration.ZERO} turns it off.
         *
         * @param interval zero or positive
         * @return this builder
         * @throws InvalidInputException if negative
         */
        public Builder minimumInterval(Duration interval) {
            new RotationOptions(retire, window, margin, requirements, maxSteps, interval, force,
                    parallelRegions);
            this.minimumInterval = interval;
            return this;
        }

        /**
         * Starts a new rotation even within the minimum interval (never over an unfinished rotation, and never
         * while the key is revoked).
         *
         * @param force true to ignore the minimum interval
         * @return this builder
         */
        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        /**
         * How many subscription-regions move their pinned dependents at the same time ({@value
         * #DEFAULT_PARALLEL_REGIONS} by default). Storage limits writes per subscription and region, so a rotation
         * over several of them overlaps their pacing: up to {@code n} threads, each subscription-region on one
         * thread (a thread with several takes one account of each in turn), and within one subscription-region
         * the accounts are moved one after another. Every move is still verified by the
         * account Azure returns, and a failure stops every group from starting another move; the error then names
         * the accounts moved in the step and those not moved. 1 moves every account one after another.
         *
         * @param n 1 to 64
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder parallelRegions(int n) {
            new RotationOptions(retire, window, margin, requirements, maxSteps, minimumInterval, force, n);
            this.parallelRegions = n;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public RotationOptions build() {
            return new RotationOptions(retire, window, margin, requirements, maxSteps, minimumInterval, force,
                    parallelRegions);
        }
    }
}
