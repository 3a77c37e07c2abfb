package dev.cmk.azure.internal;

import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import dev.cmk.api.RotationPolicy;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps Key Vault rotation policies to cmk's {@link RotationPolicy}. Only the {@code Rotate} action and the expiry
 * are modelled: a policy without either (such as the default Key Vault returns for a key that never had one, a
 * single {@code Notify} 30 days before expiry) reads as "no policy". Writing a policy replaces the whole policy;
 * when it sets an expiry of at least {@value #NOTIFY_MIN_EXPIRY_DAYS} days, Key Vault's default {@code Notify} 30
 * days before expiry is written with it (as Azure's own example does), so near-expiry events are not lost.
 */
final class RotationPolicies {
    /** Expiries at least this long (in days) get the default 30-day notification. */
    static final int NOTIFY_MIN_EXPIRY_DAYS = 60;

    private RotationPolicies() {
    }

    static Optional<RotationPolicy> fromSdk(KeyRotationPolicy p) {
        if (p == null) {
            return Optional.empty();
        }
        Optional<Period> afterCreate = Optional.empty();
        Optional<Period> beforeExpiry = Optional.empty();
        if (p.getLifetimeActions() != null) {
            for (KeyRotationLifetimeAction a : p.getLifetimeActions()) {
                if (KeyRotationPolicyAction.ROTATE.equals(a.getAction())
                        || "rotate".equalsIgnoreCase(String.valueOf(a.getAction()))) {
                    afterCreate = afterCreate.or(() -> period(a.getTimeAfterCreate()));
                    beforeExpiry = beforeExpiry.or(() -> period(a.getTimeBeforeExpiry()));
                }
            }
        }
        Optional<Period> expiry = period(p.getExpiresIn());
        if (afterCreate.isEmpty() && beforeExpiry.isEmpty() && expiry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RotationPolicy(afterCreate, beforeExpiry, expiry));
    }

    static KeyRotationPolicy toSdk(RotationPolicy policy) {
        List<KeyRotationLifetimeAction> actions = new ArrayList<>();
        policy.rotateAfterCreate().ifPresent(r -> actions.add(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate(r.toString())));
        policy.rotateBeforeExpiry().ifPresent(r -> actions.add(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeBeforeExpiry(r.toString())));
        policy.expiryTime().filter(e -> e.getYears() > 0 || e.getMonths() * 28 + e.getDays() >= NOTIFY_MIN_EXPIRY_DAYS)
                .ifPresent(e -> actions.add(new KeyRotationLifetimeAction(KeyRotationPolicyAction.NOTIFY)
                        .setTimeBeforeExpiry("P30D")));
        KeyRotationPolicy p = new KeyRotationPolicy().setLifetimeActions(actions);
        policy.expiryTime().ifPresent(e -> p.setExpiresIn(e.toString()));
        return p;
    }

    /** Reads an ISO 8601 duration; day-based ones as a {@link Period}, time-based ones rounded to whole days. */
    static Optional<Period> period(String iso) {
        if (iso == null || iso.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Period.parse(iso));
        } catch (RuntimeException notPeriod) {
            try {
                return Optional.of(Period.ofDays((int) Duration.parse(iso).toDays()));
            } catch (RuntimeException notDuration) {
                return Optional.empty();
            }
        }
    }
}
