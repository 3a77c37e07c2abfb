package dev.cmk.core;

import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The ports and clock one {@link CustomerManagedKeys} works with (package-private). */
record Services(KeyVaultProvider keys, StorageAccountProvider storage, Optional<KeyAccessProvider> access,
                Clock clock, List<dev.cmk.core.rotation.RotationListener> rotationListeners) {
    Services {
        rotationListeners = List.copyOf(rotationListeners);
    }

    Services(KeyVaultProvider keys, StorageAccountProvider storage, Optional<KeyAccessProvider> access, Clock clock) {
        this(keys, storage, access, clock, List.of());
    }
}
