package dev.cmk.core.rotation;

import dev.cmk.api.StorageAccountId;
import java.util.Optional;

/**
 * Where one dependent account stands in a rotation.
 *
 * @param account the account
 * @param autoUpdating true if the account follows the newest version by itself, false if pinned
 * @param configuredVersion the pinned version, empty when auto-updating
 * @param versionInUse the version the account reports in use
 * @param onNewVersion whether the account uses the rotation's new version
 * @param usesKey false if the account no longer uses this key at all (then it is not waited for)
 */
public record DependentProgress(StorageAccountId account, boolean autoUpdating, Optional<String> configuredVersion,
                                Optional<String> versionInUse, boolean onNewVersion, boolean usesKey) {
}
