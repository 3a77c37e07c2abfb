package dev.cmk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.Severity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ValidationReport;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.AccountKind;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each rule: its stable code, a message naming the offending value, and a fix. */
class ValidationRulesTest {
    private final Fixture f = new Fixture();
    private final CustomerManagedKeys cmk = f.cmk();
    private final Instant now = f.azure.clock().instant();

    private ValidationReport validate(KeyReference key) {
        return cmk.key(key).validate(VaultRequirements.azureStorageDefaults());
    }

    private Violation only(ValidationReport r, ViolationCode code) {
        assertThat(r.violations()).extracting(Violation::code).contains(code);
        Violation v = r.violations().stream().filter(x -> x.code() == code).findFirst().orElseThrow();
        assertThat(v.remediation()).isNotBlank();
        return v;
    }

    @Test
    void fitKey_hasNoViolations() {
        assertThat(validate(f.key).violations()).isEmpty();
        assertThat(validate(f.key).toString()).isEqualTo("Validation: all requirements met.");
    }

    @Test
    void vaultWithoutSoftDelete_violatesBothRecoverabilityRules() {
        URI v = f.azure.vault("nosoftdelete").softDelete(false).purgeProtection(false).create();
        ValidationReport r = validate(f.azure.key(v, "k").create());
        assertThat(only(r, ViolationCode.VAULT_SOFT_DELETE_DISABLED).message()).contains("Purgeable");
        assertThat(only(r, ViolationCode.VAULT_PURGE_PROTECTION_DISABLED).remediation())
                .contains("--enable-purge-protection");
    }

    @Test
    void vaultWithoutPurgeProtection_isRefusedAsAzureWould() {
        URI v = f.azure.vault("softonly").purgeProtection(false).create();
        ValidationReport r = validate(f.azure.key(v, "k").create());
        assertThat(r.violations()).extracting(Violation::code)
                .containsExactly(ViolationCode.VAULT_PURGE_PROTECTION_DISABLED);
        assertThat(r.violations().get(0).message()).contains("Recoverable+Purgeable")
                .contains("Keyvault policy recoverable is not set");
    }

    @Test
    void ecKey_isWrongType() {
        ValidationReport r = validate(f.azure.key(f.vault, "ec").type(KeyType.EC, 256).create());
        assertThat(only(r, ViolationCode.KEY_TYPE_NOT_ALLOWED).message()).contains("EC");
    }

    @Test
    void rsa1024_isWrongSize_andCustomMinimumSizeIsEnforced() {
        ValidationReport r = validate(f.azure.key(f.vault, "small").type(KeyType.RSA, 1024).create());
        assertThat(only(r, ViolationCode.KEY_SIZE_NOT_ALLOWED).message()).contains("1024");
        ValidationReport strict = cmk.key(f.key).validate(VaultRequirements.custom().minimumKeySize(3072).build());
        assertThat(only(strict, ViolationCode.KEY_SIZE_NOT_ALLOWED).message()).contains("2048");
    }

    @Test
    void hsmRequirement_refusesSoftwareKey() {
        ValidationReport r = cmk.key(f.key).validate(VaultRequirements.custom().requireHsm().build());
        assertThat(only(r, ViolationCode.KEY_TYPE_NOT_ALLOWED).message()).contains("RSA").contains("RSA-HSM");
    }

    @Test
    void disabledVersion_isReported() {
        ValidationReport r = validate(f.azure.key(f.vault, "off").disabled().create());
        assertThat(only(r, ViolationCode.KEY_DISABLED).message()).contains("disabled");
    }

    @Test
    void notYetValid_expired_andExpiringSoon_areReported() {
        assertThat(only(validate(f.azure.key(f.vault, "future").notBefore(now.plus(Duration.ofDays(1))).create()),
                ViolationCode.KEY_NOT_YET_VALID).message()).contains(now.plus(Duration.ofDays(1)).toString());
        assertThat(only(validate(f.azure.key(f.vault, "old").expiresOn(now.minusSeconds(1)).create()),
                ViolationCode.KEY_EXPIRED).message()).contains("expired");
        assertThat(only(validate(f.azure.key(f.vault, "soon").expiresOn(now.plus(Duration.ofDays(10))).create()),
                ViolationCode.KEY_EXPIRES_SOON).message()).contains("30 days");
        ValidationReport relaxed = cmk.key(f.azure.key(f.vault, "soon2").expiresOn(now.plus(Duration.ofDays(10)))
                .create()).validate(VaultRequirements.custom().minimumValidity(Duration.ofDays(7)).build());
        assertThat(relaxed.isValid()).isTrue();
    }

    @Test
    void maximumKeyAge_isEnforcedWhenAsked() {
        f.azure.clock().advance(Duration.ofDays(400));
        ValidationReport r = cmk.key(f.key).validate(VaultRequirements.custom().maximumKeyAge(Duration.ofDays(365))
                .build());
        assertThat(only(r, ViolationCode.KEY_TOO_OLD).message()).contains("400 days");
    }

    @Test
    void missingWrapAndUnwrap_isReported() {
        ValidationReport r = validate(f.azure.key(f.vault, "signonly").operations(KeyOperation.SIGN,
                KeyOperation.VERIFY).create());
        assertThat(only(r, ViolationCode.KEY_OPERATIONS_MISSING).message()).contains("wrapKey").contains("unwrapKey");
    }

    @Test
    void missingKey_andMissingPinnedVersion_areReported() {
        assertThat(only(validate(KeyReference.of(f.vault, "nope")), ViolationCode.KEY_NOT_FOUND).message())
                .contains("nope");
        var plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.key)
                .versionPolicy(VersionPolicy.pinned("0123456789abcdef0123456789abcdef")).plan();
        assertThat(only(plan.violations(), ViolationCode.KEY_VERSION_NOT_FOUND).message())
                .contains("0123456789abcdef0123456789abcdef");
    }

    @Test
    void classicAccount_cannotUseCmk() {
        StorageAccountId classic = f.azure.account("classicdata").kind(AccountKind.CLASSIC).systemAssignedIdentity()
                .create();
        var plan = cmk.storageAccount(classic).useCustomerManagedKey(f.key).plan();
        assertThat(only(plan.violations(), ViolationCode.ACCOUNT_KIND_UNSUPPORTED).message()).contains("Classic");
    }

    @Test
    void queueAndTable_onServiceKeys_areWarnings_notErrors() {
        var plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).plan();
        assertThat(plan.violations().warnings()).extracting(Violation::code)
                .containsOnly(ViolationCode.SERVICE_NOT_COVERED);
        assertThat(plan.isApplicable()).isTrue();
        StorageAccountId covered = f.azure.account("covereddata").systemAssignedIdentity().queueAndTableAccountKeys()
                .create();
        f.azure.grantAccess(f.key, f.azure.systemPrincipal(covered));
        assertThat(cmk.storageAccount(covered).useCustomerManagedKey(f.key).plan().violations().violations())
                .isEmpty();
    }

    @Test
    void federatedClientIdWithoutUserIdentity_asReportedByAzure_isWarned() {
        var reported = f.azure.peek(f.account);
        var enc = reported.encryption();
        var odd = new dev.cmk.api.spi.StorageAccount(reported.id(), reported.location(), reported.kind(),
                reported.identity(), new dev.cmk.api.spi.AccountEncryption(dev.cmk.api.KeySource.MICROSOFT_KEYVAULT,
                java.util.Optional.of(f.key), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of("11111111-2222-3333-4444-555555555555"), enc.serviceKeyTypes(), false));
        assertThat(dev.cmk.core.validation.AccountRules.check(odd)).extracting(Violation::code)
                .contains(ViolationCode.FEDERATED_CLIENT_ID_WITHOUT_USER_IDENTITY);
    }

    @Test
    void sameRegion_isCheckedOnlyWhenRequired() {
        StorageAccountId east = f.azure.account("eastdata").location("eastus").systemAssignedIdentity().create();
        f.azure.grantAccess(f.key, f.azure.systemPrincipal(east));
        assertThat(cmk.storageAccount(east).useCustomerManagedKey(f.key).plan().violations()
                .has(ViolationCode.REGION_MISMATCH)).isFalse();
        var strict = cmk.storageAccount(east).useCustomerManagedKey(f.key)
                .requirements(VaultRequirements.custom().requireSameRegion(true).build()).plan();
        assertThat(only(strict.violations(), ViolationCode.REGION_MISMATCH).message()).contains("westeurope")
                .contains("eastus");
    }

    @Test
    void firewallWithoutTrustedServices_isReported() {
        URI closed = f.azure.vault("closedvault").trustedServicesAllowed(false).create();
        ValidationReport r = validate(f.azure.key(closed, "k").create());
        assertThat(only(r, ViolationCode.VAULT_FIREWALL_BLOCKS_STORAGE).remediation())
                .contains("trusted Microsoft services");
    }

    @Test
    void accessCheckCanBeRequired() {
        var plan = f.cmkWithoutKeyAccess().storageAccount(f.account).useCustomerManagedKey(f.key)
                .requirements(VaultRequirements.custom().requireAccessCheck(true).build()).plan();
        assertThat(only(plan.violations(), ViolationCode.KEY_ACCESS_NOT_CHECKED).severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void allViolationsAreCollectedTogether() {
        URI weak = f.azure.vault("weakvault").purgeProtection(false).create();
        KeyReference bad = f.azure.key(weak, "bad").type(KeyType.RSA, 1024).operations(KeyOperation.SIGN)
                .expiresOn(now.plus(Duration.ofDays(3))).disabled().create();
        ValidationReport r = validate(bad);
        assertThat(r.violations()).extracting(Violation::code).containsExactlyInAnyOrder(
                ViolationCode.VAULT_PURGE_PROTECTION_DISABLED, ViolationCode.KEY_SIZE_NOT_ALLOWED,
                ViolationCode.KEY_DISABLED, ViolationCode.KEY_EXPIRES_SOON, ViolationCode.KEY_OPERATIONS_MISSING);
        assertThat(r.toString()).contains("5 error(s)").contains("fix:");
    }
}
