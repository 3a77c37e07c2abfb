package dev.cmk.core.fleet;

import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.CustomerManagedKeys;
import java.time.Clock;
import java.util.Optional;

/** The ports, clock and per-account entry point a {@link Fleet} works with (package-private). */
record Ports(KeyVaultProvider keys, StorageAccountProvider storage, Optional<KeyAccessProvider> access, Clock clock,
             CustomerManagedKeys cmk) {
}
