package dev.cmk.azure.testkit;

import dev.cmk.api.StorageAccountId;
import dev.cmk.testkit.InMemoryAzure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Azure's throttling limits, enforced by a {@link WireFake} on the in-memory Azure's virtual clock
 * ({@code WireFake.over(azure).enforceLimits(WireLimits.azure())}), so that a test proves a client's pacing rather
 * than assumes it. A request over a limit is answered 429 before it reaches the in-memory Azure (it changes
 * nothing), and is counted in {@link #throttled()} and under {@link RequestCounts#THROTTLED}. Requests answered 429
 * do not use up the limit.
 *
 * <p>The limits of {@link #azure()} (shared/reference/azure-facts.md, "Limits"):
 * <ul>
 *   <li>Storage resource provider, per subscription and region (the account's region): account reads (GET) 800
 *       in any 5 minutes; account writes (PATCH, PUT) 10 in any second and 1,200 in any hour; lists 100 in any
 *       5 minutes, counted per subscription (a list spans regions; every page is a request). Answered 429
 *       {@code TooManyRequests} with {@code Retry-After: 30}.</li>
 *   <li>Key Vault and Managed HSM keys, per vault host: 4,000 requests and 20 key creations (create, rotate) in
 *       any 10 seconds (software RSA-2048's figures, applied to every key type and to HSMs as an approximation).
 *       Answered 429 {@code Throttled} with {@code retry-after: 0}, as the recorded Key Vault does.</li>
 *   <li>ARM, per subscription: a token bucket for reads (250, refilled at 25 per second) and one for writes
 *       (PUT, PATCH, POST, DELETE: 200, refilled at 10 per second), over every {@code management} request
 *       (storage accounts, vaults, role assignments, resource lists). Azure applies it per subscription and
 *       principal (and ARM instance); the fake has one principal, so per subscription is the stricter reading.
 *       A Resource Graph query ({@code POST /providers/Microsoft.ResourceGraph/resources}) is a read, counted in
 *       the tenant's read bucket (it names no subscription in its path).
 *       Answered 429 {@code SubscriptionRequestsThrottled} with the seconds until a token is back.</li>
 * </ul>
 * Windows are sliding (at most N in any window), the strictest reading of "N per period".
 *
 * <p>Thread-safe; time comes only from the in-memory Azure's clock.
 */
public final class WireLimits {
    /** Kinds of throttled requests, as counted by {@link #throttledByKind()}. */
    static final String STORAGE_READ = "storage-read";
    static final String STORAGE_WRITE = "storage-write";
    static final String STORAGE_LIST = "storage-list";
    static final String VAULT = "vault";
    static final String VAULT_CREATE = "vault-create";
    static final String ARM_READ = "arm-read";
    static final String ARM_WRITE = "arm-write";

    private final Limit storageReads;
    private final Limit storageWrites;
    private final Limit storageWritesHourly;
    private final Limit storageLists;
    private final Limit vaultRequests;
    private final Limit vaultCreates;
    private final boolean arm;
    private final Map<String, ArrayDeque<Instant>> windows = new HashMap<>();
    private final Map<String, double[]> tokenBuckets = new HashMap<>();
    private final Map<String, Long> throttled = new TreeMap<>();

    private WireLimits(Limit storageReads, Limit storageWrites, Limit storageWritesHourly, Limit storageLists,
                       Limit vaultRequests, Limit vaultCreates, boolean arm) {
        this.storageReads = storageReads;
        this.storageWrites = storageWrites;
        this.storageWritesHourly = storageWritesHourly;
        this.storageLists = storageLists;
        this.vaultRequests = vaultRequests;
        this.vaultCreates = vaultCreates;
        this.arm = arm;
    }

    /**
     * Azure's documented limits, as listed in the class description.
     *
     * @return new limits with nothing used yet
     */
    public static WireLimits azure() {
        return new WireLimits(new Limit(800, Duration.ofMinutes(5)), new Limit(10, Duration.ofSeconds(1)),
                new Limit(1200, Duration.ofHours(1)), new Limit(100, Duration.ofMinutes(5)),
                new Limit(4000, Duration.ofSeconds(10)), new Limit(20, Duration.ofSeconds(10)), true);
    }

    /**
     * These limits with another Storage read limit per subscription and region (for tests that want to reach it
     * quickly).
     *
     * @param permits reads allowed in any window, at least 1
     * @param window the window, positive
     * @return a copy with nothing used yet
     */
    public WireLimits withStorageReads(int permits, Duration window) {
        return new WireLimits(new Limit(permits, window), storageWrites, storageWritesHourly, storageLists,
                vaultRequests, vaultCreates, arm);
    }

    /**
     * These limits with another Storage write limit per subscription and region (the hourly limit stays).
     *
     * @param permits writes allowed in any window, at least 1
     * @param window the window, positive
     * @return a copy with nothing used yet
     */
    public WireLimits withStorageWrites(int permits, Duration window) {
        return new WireLimits(storageReads, new Limit(permits, window), storageWritesHourly, storageLists,
                vaultRequests, vaultCreates, arm);
    }

    /**
     * These limits with other Key Vault limits per vault host.
     *
     * @param requests requests allowed in any window, at least 1
     * @param creates key creations allowed in any window, at least 1
     * @param window the window, positive
     * @return a copy with nothing used yet
     */
    public WireLimits withVault(int requests, int creates, Duration window) {
        return new WireLimits(storageReads, storageWrites, storageWritesHourly, storageLists,
                new Limit(requests, window), new Limit(creates, window), arm);
    }

    /**
     * These limits without the ARM token buckets (only the Storage and Key Vault limits).
     *
     * @return a copy with nothing used yet
     */
    public WireLimits withoutArmBuckets() {
        return new WireLimits(storageReads, storageWrites, storageWritesHourly, storageLists, vaultRequests,
                vaultCreates, false);
    }

    /**
     * Requests answered 429 so far.
     *
     * @return the total
     */
    public synchronized long throttled() {
        return throttled.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Requests answered 429 so far, by the limit that refused them: {@code storage-read}, {@code storage-write},
     * {@code storage-list}, {@code vault}, {@code vault-create}, {@code arm-read}, {@code arm-write}.
     *
     * @return a sorted copy
     */
    public synchronized Map<String, Long> throttledByKind() {
        return new TreeMap<>(throttled);
    }

    // ------------------------------------------------------------------ the hook WireFake calls

    /** Admits a Key Vault data-plane request, or throws its 429. */
    synchronized void admitVault(Instant now, String host, String method, String path) {
        String h = host.toLowerCase(Locale.ROOT);
        boolean create = method.equals("POST") && (path.endsWith("/create") || path.endsWith("/rotate"));
        String[] keys = create ? new String[] {"vault:" + h, "vault-create:" + h} : new String[] {"vault:" + h};
        Limit[] limits = create ? new Limit[] {vaultRequests, vaultCreates} : new Limit[] {vaultRequests};
        String refused = windowsRefuse(now, keys, limits);
        if (refused != null) {
            throw throttle(refused.startsWith("vault-create") ? VAULT_CREATE : VAULT, new WireError(429, "Throttled",
                    "Operations per second limit reached. Reason: VaultRequestTypeLimitReached", Duration.ZERO));
        }
    }

    /**
     * Admits an ARM request, or throws its 429.
     *
     * @param storage for Storage requests: the kind (read, write, list) and bucket; null for other ARM requests
     * @param query whether the request is a query sent as a POST (Resource Graph): counted as a read
     */
    synchronized void admitArm(Instant now, String subscription, String method, StorageRequest storage,
                               boolean query) {
        String sub = subscription == null ? "-" : subscription.toLowerCase(Locale.ROOT);
        boolean write = !query && !method.equals("GET") && !method.equals("HEAD");
        double[] bucket = null;
        if (arm) {
            String key = (write ? "arm-write:" : "arm-read:") + sub;
            double capacity = write ? 200 : 250;
            double rate = write ? 10 : 25;
            bucket = tokenBuckets.computeIfAbsent(key, k -> new double[] {capacity, now.toEpochMilli()});
            double elapsed = Math.max(0, now.toEpochMilli() - bucket[1]) / 1000.0;
            bucket[0] = Math.min(capacity, bucket[0] + elapsed * rate);
            bucket[1] = now.toEpochMilli();
            if (bucket[0] < 1) {
                long seconds = (long) Math.ceil((1 - bucket[0]) / rate);
                throw throttle(write ? ARM_WRITE : ARM_READ, new WireError(429, "SubscriptionRequestsThrottled",
                        "Number of " + (write ? "write" : "read") + " requests for subscription '" + sub
                                + "' exceeded the limit. Please try again after '" + seconds + "' seconds.",
                        Duration.ofSeconds(Math.max(1, seconds))));
            }
        }
        if (storage != null) {
            String refused = switch (storage.kind) {
                case READ -> windowsRefuse(now, new String[] {"storage-read:" + sub + ":" + storage.region},
                        new Limit[] {storageReads});
                case WRITE -> windowsRefuse(now, new String[] {"storage-write:" + sub + ":" + storage.region,
                        "storage-write-hourly:" + sub + ":" + storage.region},
                        new Limit[] {storageWrites, storageWritesHourly});
                case LIST -> windowsRefuse(now, new String[] {"storage-list:" + sub}, new Limit[] {storageLists});
            };
            if (refused != null) {
                String kind = switch (storage.kind) {
                    case READ -> STORAGE_READ;
                    case WRITE -> STORAGE_WRITE;
                    case LIST -> STORAGE_LIST;
                };
                throw throttle(kind, new WireError(429, "TooManyRequests", "The request is being throttled as the "
                        + "limit has been reached for operation type - " + (storage.kind == Kind.WRITE ? "Write"
                        : storage.kind == Kind.LIST ? "List" : "Read") + "_ObservationWindow. For more information, "
                        + "see - https://aka.ms/srpthrottlinglimits", Duration.ofSeconds(30)));
            }
        }
        if (bucket != null) {
            bucket[0] -= 1;
        }
    }

    /** The Storage request kind and region of an ARM Storage request, from its path, method and body. */
    static StorageRequest storageRequest(InMemoryAzure azure, WireFake.Call call) {
        String[] s = call.segments();
        if (s.length != 8) {
            return new StorageRequest(Kind.LIST, "*");
        }
        Kind kind = call.method().equals("GET") ? Kind.READ : Kind.WRITE;
        String region;
        try {
            region = azure.inspect().account(StorageAccountId.of(s[1], s[3], s[7])).location();
        } catch (RuntimeException notThere) {
            String location = call.body() == null ? null : Json.str(Json.parseObject(call.body()), "location");
            region = location == null ? "unknown" : location;
        }
        return new StorageRequest(kind, dev.cmk.api.internal.AzureRules.region(region));
    }

    private String windowsRefuse(Instant now, String[] keys, Limit[] limits) {
        for (int i = 0; i < keys.length; i++) {
            ArrayDeque<Instant> log = windows.computeIfAbsent(keys[i], k -> new ArrayDeque<>());
            Instant from = now.minus(limits[i].window);
            while (!log.isEmpty() && !log.peekFirst().isAfter(from)) {
                log.removeFirst();
            }
            if (log.size() >= limits[i].permits) {
                return keys[i];
            }
        }
        for (String key : keys) {
            windows.get(key).addLast(now);
        }
        return null;
    }

    private WireError throttle(String kind, WireError e) {
        throttled.merge(kind, 1L, Long::sum);
        return e;
    }

    /** A Storage request: its kind and its region bucket. */
    record StorageRequest(Kind kind, String region) {
    }

    /** Storage resource provider request kinds. */
    enum Kind { READ, WRITE, LIST }

    private record Limit(int permits, Duration window) {
        Limit {
            Objects.requireNonNull(window, "window");
            if (permits < 1 || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("a limit allows at least 1 request in a positive window, got "
                        + permits + " per " + window);
            }
        }
    }
}
