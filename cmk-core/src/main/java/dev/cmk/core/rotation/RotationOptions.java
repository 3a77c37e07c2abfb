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
 * <p>Defaults: old versions are not retired (a rotation resumed with the defaults follows the retire choice it
 * recorded, see {@link Builder#retireOldVersions(boolean)}); pickup window 24 hours plus a 1 hour margin; requirements
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
 * @param retireChoiceExplicit whether {@code retireOldVersions} was chosen by the caller
 *     ({@link Builder#retireOldVersions(boolean)} or the 7-argument constructor) rather than left at its default:
 *     a rotation that already recorded a retire choice on its new version follows the recorded choice unless this
 *     is true
 * @param parallelRegions how many subscription-regions move their pinned dependents at the same time (1 to 64)
 */
public record RotationOptions(boolean retireOldVersions, Duration pickupWindow, Duration margin,
                              VaultRequirements requirements, int maxSteps, Duration minimumInterval,
                              boolean force, boolean retireChoiceExplicit, int parallelRegions) {
    /** The default of {@link #parallelRegions()}. */
    public static final int DEFAULT_PARALLEL_REGIONS = 8;
    private static final RotationOptions DEFAULTS = new RotationOptions(false, Duration.ofHours(24),
            Duration.ofHours(1), VaultRequirements.azureStorageDefaults(), 10, Duration.ofDays(7), false, false,
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
     * @param retireChoiceExplicit whether the retire choice overrides the one a rotation recorded
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
     * Options whose retire choice is explicit and with the default parallelism ({@value #DEFAULT_PARALLEL_REGIONS}
     * subscription-regions): the form of releases before {@code retireChoiceExplicit} and {@code parallelRegions}.
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
        this(retireOldVersions, pickupWindow, margin, requirements, maxSteps, minimumInterval, force, true,
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
        private boolean retireExplicit;
        private int parallelRegions;

        private Builder(RotationOptions o) {
            retire = o.retireOldVersions;
            window = o.pickupWindow;
            margin = o.margin;
            requirements = o.requirements;
            maxSteps = o.maxSteps;
            minimumInterval = o.minimumInterval;
            force = o.force;
            retireExplicit = o.retireChoiceExplicit;
            parallelRegions = o.parallelRegions;
        }

        /**
         * Whether old versions are disabled once it is safe: when no dependent reports or pins them and the pickup
         * window plus margin has passed since the new version was created. The choice is recorded on the new
         * version when the rotation creates it. A rotation resumed later (by its id or by
         * {@code resumeRotation(..)}) with options where this method was never called follows the recorded choice;
         * calling it (with either value) makes the choice explicit, and the rotation then records and follows it
         * instead.
         *
         * @param retire true to retire old versions
         * @return this builder
         */
        public Builder retireOldVersions(boolean retire) {
            this.retire = retire;
            this.retireExplicit = true;
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
            new RotationOptions(retire, window, margin, requirements, maxSteps, minimumInterval, force, retireExplicit,
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
            new RotationOptions(retire, window, margin, requirements, maxSteps, minimumInterval, force, retireExplicit,
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
            new RotationOptions(retire, window, margin, requirements, maxSteps, interval, force, retireExplicit,
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
            new RotationOptions(retire, window, margin, requirements, maxSteps, minimumInterval, force,
                    retireExplicit, n);
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
                    retireExplicit, parallelRegions);
        }
    }
}
