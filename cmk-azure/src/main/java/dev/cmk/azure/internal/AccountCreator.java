package dev.cmk.azure.internal;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.PollerFactory;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Encryption;
import com.azure.resourcemanager.storage.models.EncryptionService;
import com.azure.resourcemanager.storage.models.Identity;
import com.azure.resourcemanager.storage.models.IdentityType;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.resourcemanager.storage.models.UserAssignedIdentity;
import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountIdentity;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creation of a storage account as a long-running ARM operation: one {@code PUT} (paced and retried as a storage
 * write), then polling with the SDK's own ARM poller ({@link PollerFactory}, the one {@code beginCreate} uses),
 * one poll at a time, each after the {@code Retry-After} the previous answer asked for, waited on the injected
 * sleeper (so tests run on a virtual clock). Also reads user-assigned identities through the generic Resources
 * API, which needs no extra SDK module.
 */
final class AccountCreator {
    /** The api-version of {@code Microsoft.ManagedIdentity/userAssignedIdentities}. */
    static final String IDENTITY_API_VERSION = "2023-01-31";
    /** The wait between polls when Azure sends no {@code Retry-After} (the SDK's default for ARM). */
    static final Duration DEFAULT_POLL_DELAY = Duration.ofSeconds(30);
    /** How long a creation may take before cmk stops waiting (Azure usually needs seconds to a minute). */
    static final Duration MAX_WAIT = Duration.ofMinutes(30);

    private final SdkClients clients;
    private final CallRunner runner;

    AccountCreator(SdkClients clients, CallRunner runner) {
        this.clients = clients;
        this.runner = runner;
    }

    /** The PUT body: Azure's "create with a user-assigned encryption identity and CMK" example, plus options. */
    static StorageAccountCreateParameters parameters(AccountCreation c) {
        Encryption e = StorageMapping.toEncryption(c.encryption());
        if (c.accountScopedQueuesAndTables()) {
            e.services().withQueue(new EncryptionService().withEnabled(true)
                    .withKeyType(com.azure.resourcemanager.storage.models.KeyType.ACCOUNT))
                    .withTable(new EncryptionService().withEnabled(true)
                            .withKeyType(com.azure.resourcemanager.storage.models.KeyType.ACCOUNT));
        }
        if (c.infrastructureEncryption()) {
            e.withRequireInfrastructureEncryption(true);
        }
        Identity identity = new Identity().withType(IdentityType.USER_ASSIGNED).withUserAssignedIdentities(
                Map.of(c.identity().resourceId(), new UserAssignedIdentity()));
        return new StorageAccountCreateParameters().withSku(new Sku().withName(SkuName.fromString(c.sku())))
                .withKind(Kind.fromString(c.kind().wireName())).withLocation(c.location()).withTags(c.tags())
                .withIdentity(identity).withEncryption(e);
    }

    /**
     * Sends the PUT and waits for the operation as ARM asks.
     *
     * @param id the account
     * @param c what to create
     * @param write runs the PUT as a paced, retried storage write
     * @param readPace the pacing bucket of the polls (reads)
     * @return the created account as the operation's result reports it
     */
    StorageAccountInner create(StorageAccountId id, AccountCreation c,
                               java.util.function.Function<java.util.function.Supplier<Response<Flux<ByteBuffer>>>,
                                       Response<Flux<ByteBuffer>>> write, CallRunner.Pace readPace) {
        StorageAccountCreateParameters params = parameters(c);
        Response<Flux<ByteBuffer>> accepted = write.apply(() -> clients.storage(id.subscriptionId())
                .createWithResponseAsync(id.resourceGroup(), id.name(), params)
                .flatMap(AccountCreator::buffered).block());
        String what = "create " + id.resourceId();
        SyncPoller<PollResult<StorageAccountInner>, StorageAccountInner> poller = PollerFactory
                .<StorageAccountInner, StorageAccountInner>create(
                        SerializerFactory.createDefaultManagementSerializerAdapter(), clients.armPipeline(),
                        StorageAccountInner.class, StorageAccountInner.class, DEFAULT_POLL_DELAY,
                        Mono.just(accepted), Context.NONE).getSyncPoller();
        Instant deadline = runner.clock().instant().plus(MAX_WAIT);
        Duration wait = accepted.getStatusCode() == 202 ? retryAfter(accepted.getHeaders()) : Duration.ZERO;
        while (true) {
            if (runner.clock().instant().plus(wait).isAfter(deadline)) {
                throw new CmkException(ErrorCode.TRANSIENT, what + ": Azure has not finished creating the account "
                        + "after " + MAX_WAIT.toMinutes() + " minutes; read it later, or plan and apply again (a "
                        + "re-run makes no write when the account is in place)", null, 0, null, null);
            }
            runner.sleep(wait, what);
            PollResponse<PollResult<StorageAccountInner>> r = runner.run("poll the creation of " + id.resourceId(),
                    CallRunner.Kind.IDEMPOTENT, List.of(readPace), null, poller::poll);
            if (r.getStatus().isComplete()) {
                if (!r.getStatus().equals(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED)) {
                    PollResult.Error err = r.getValue() == null ? null : r.getValue().getError();
                    String msg = err == null ? "the operation ended as " + r.getStatus() : err.getMessage();
                    throw dev.cmk.api.internal.AzureErrors.toException(err == null ? 0 : err.getResponseStatusCode(),
                            err == null ? null : errorCode(err.getResponseBody()), what + ": " + msg, null, null);
                }
                return runner.run("read the result of " + what, CallRunner.Kind.IDEMPOTENT, List.of(readPace), null,
                        poller::getFinalResult);
            }
            wait = r.getRetryAfter() != null && !r.getRetryAfter().isNegative() && !r.getRetryAfter().isZero()
                    ? r.getRetryAfter() : DEFAULT_POLL_DELAY;
        }
    }

    /** Reads a user-assigned identity's principal and client id; 404 is {@link NotFoundException}. */
    AccountIdentity.UserAssignedIdentity identity(String resourceId, CallRunner.Pace readPace) {
        String sub = resourceId.split("/")[2];
        GenericResourceInner r = runner.run("read user-assigned identity " + resourceId, CallRunner.Kind.IDEMPOTENT,
                List.of(readPace), null, () -> clients.resources(sub).getById(resourceId, IDENTITY_API_VERSION));
        Object props = r.properties();
        if (!(props instanceof Map<?, ?> m) || !(m.get("principalId") instanceof String principal)) {
            throw new CmkException(ErrorCode.AZURE_ERROR, "Azure reported user-assigned identity " + resourceId
                    + " without a principalId", null, 200, null, null);
        }
        return new AccountIdentity.UserAssignedIdentity(principal, m.get("clientId") instanceof String s ? s : null);
    }

    private static Duration retryAfter(HttpHeaders headers) {
        String v = headers.getValue(HttpHeaderName.RETRY_AFTER);
        try {
            long s = v == null ? 0 : Long.parseLong(v.trim());
            return s > 0 ? Duration.ofSeconds(s) : DEFAULT_POLL_DELAY;
        } catch (NumberFormatException httpDate) {
            return DEFAULT_POLL_DELAY;
        }
    }

    private static String errorCode(String body) {
        if (body == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        return m.find() ? m.group(1) : null;
    }

    /** The PUT's answer with its body read once, so that the poller can parse it whatever the HTTP client. */
    private static Mono<Response<Flux<ByteBuffer>>> buffered(Response<Flux<ByteBuffer>> r) {
        return FluxUtil.collectBytesInByteBufferStream(r.getValue()).defaultIfEmpty(new byte[0])
                .map(bytes -> new SimpleResponse<>(r.getRequest(), r.getStatusCode(), r.getHeaders(),
                        Flux.just(ByteBuffer.wrap(bytes))));
    }
}
