package dev.acs.testing.ecs;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.acs.core.clock.SystemClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.Resources;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.InstanceType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stateful emulator of the Alibaba Cloud ECS OpenAPI (version 2014-05-26) on a local port, for tests of code that
 * talks to ECS. It serves RunInstances (Amount, ZoneId, InstanceType, ImageId, Tags, ClientToken idempotency,
 * DryRun), DescribeInstances (InstanceIds, Tag and Status filters; PageNumber/PageSize/TotalCount or
 * MaxResults/NextToken paging), DescribeInstanceStatus, StartInstances, StopInstances, DeleteInstances (Force),
 * ReplaceSystemDisk (InstanceId, ImageId, ClientToken; Stopped instances only),
 * DescribeZones, DescribeAvailableResource and DescribeInstanceTypes, answering with the documented JSON shapes and
 * error bodies ({@code RequestId, HostId, Code, Message, Recommend}).
 *
 * <p>Every request must be signed with the stub's AccessKey pair, by the RPC signature (HMAC-SHA1, parameters in
 * the query string) or the V3 signature (ACS3-HMAC-SHA256); answers are JSON; a bad signature is answered {@code SignatureDoesNotMatch}, a reused nonce
 * {@code SignatureNonceUsed}. Instances move Pending → Starting → Running (and Running → Stopping → Stopped,
 * Stopped → Starting → Running) one step per {@link Builder#stepDelay} on the stub's {@link Clock}: with a
 * {@link dev.acs.core.clock.ManualClock} the test moves time itself.
 *
 * <p>Faults: {@link #failNext} answers the next requests with an {@link EcsFault} without applying them;
 * {@link #failAfterApplying} applies them and then loses the answer (to test idempotent retries), for every request of
 * an action or only those with given parameters (a zone, say).
 *
 * <pre>{@code
 * try (EcsApiStub ecs = EcsApiStub.builder().clock(clock).start()) {
 *     provider = AliyunEcsProvider.builder().endpoint(ecs.baseUrl()).regionId(ecs.regionId())
 *         .credentials(AliyunCredentials.of(ecs.accessKeyId(), ecs.accessKeySecret())).imageId("img").build();
 * }
 * }</pre>
 */
public final class EcsApiStub implements AutoCloseable {
    private final WireMockServer server;
    private final EcsStubState state;
    private final OpenApiStubTransformer transformer;
    private final String regionId;
    private final List<String> zoneIds;
    private final String accessKeyId;
    private final String accessKeySecret;
    private final SystemClock ownClock;

    private EcsApiStub(Builder b) {
        this.regionId = b.regionId;
        this.accessKeyId = b.accessKeyId;
        this.accessKeySecret = b.accessKeySecret;
        this.ownClock = b.clock == null ? new SystemClock() : null;
        Clock clock = b.clock != null ? b.clock : ownClock;
        List<String> zones = b.zones.isEmpty() ? List.of(regionId + "-a", regionId + "-b", regionId + "-c") : b.zones;
        this.zoneIds = List.copyOf(zones);
        Map<String, InstanceType> types = new LinkedHashMap<>();
        (b.types.isEmpty() ? defaultTypes() : b.types).forEach(t -> types.put(t.name(), t));
        Map<String, Map<String, Integer>> stock = new LinkedHashMap<>();
        zones.forEach(z -> stock.put(z, new LinkedHashMap<>()));
        this.state = new EcsStubState(regionId, clock, b.stepDelay, b.listingDelay, types, stock, b.quota);
        this.transformer = new OpenApiStubTransformer("Ecs", "2014-05-26", state::handle, accessKeyId, accessKeySecret,
                "ecs." + regionId + ".aliyuncs.com", clock, b.maxClockSkew, b.slowResponseDelay);
        this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(16)
                .disableRequestJournal().extensions(transformer));
        server.start();
        server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
    }

    private static List<InstanceType> defaultTypes() {
        long gib = 1024L * 1024 * 1024;
        return List.of(new InstanceType("ecs.g6.large", Resources.of(2, 8 * gib, 0)),
                new InstanceType("ecs.g6.xlarge", Resources.of(4, 16 * gib, 0)),
                new InstanceType("ecs.gn6i-c4g1.xlarge", Resources.of(4, 15 * gib, 1)));
    }

    /** A builder with defaults: region cn-hangzhou, zones -a/-b/-c, three instance types, quota 1000. */
    public static Builder builder() {
        return new Builder();
    }

    /** The URL to use as the provider's endpoint, e.g. {@code http://127.0.0.1:43121}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The emulated region. */
    public String regionId() {
        return regionId;
    }

    /** The emulated zones. */
    public List<String> zoneIds() {
        return zoneIds;
    }

    /** The AccessKey ID requests must be signed with. */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The AccessKey secret requests must be signed with. */
    public String accessKeySecret() {
        return accessKeySecret;
    }

    /** Sets how many more instances of a type a zone can create (unlimited until set); 0 means sold out. */
    public void setStock(String zoneId, String instanceType, int count) {
        state.setStock(zoneId, instanceType, count);
    }

    /** Sets the instance quota of the account (instances that may exist at once). */
    public void setQuota(int maxInstances) {
        state.setQuota(maxInstances);
    }

    /**
     * Answers the next {@code times} requests of {@code action} ({@code null} for any action) with {@code fault},
     * without applying them.
     */
    public void failNext(String action, EcsFault fault, int times) {
        transformer.addFault(action, Map.of(), fault, false, times);
    }

    /**
     * Applies the next {@code times} requests of {@code action} ({@code null} for any) and then answers them with
     * {@code fault} instead of their result, as when a response is lost after the cloud acted on the request.
     */
    public void failAfterApplying(String action, EcsFault fault, int times) {
        transformer.addFault(action, Map.of(), fault, true, times);
    }

    /**
     * As {@link #failAfterApplying(String, EcsFault, int)}, for the requests whose parameters include every entry of
     * {@code when} only (e.g. {@code Map.of("ZoneId", "cn-hangzhou-b")} loses the answers of one zone's requests).
     */
    public void failAfterApplying(String action, Map<String, String> when, EcsFault fault, int times) {
        transformer.addFault(action, Map.copyOf(when), fault, true, times);
    }

    /** Drops faults not yet used. */
    public void clearFaults() {
        transformer.clearFaults();
    }

    /** How many correctly signed requests of an action arrived (including those answered with a fault). */
    public int requestCount(String action) {
        return transformer.requestCount(action);
    }

    /** How many requests were rejected for their signature, key, version, timestamp or nonce. */
    public int rejectedSignatures() {
        return transformer.rejectedSignatures();
    }

    /** How many instances exist now. */
    public int instanceCount() {
        return state.instanceCount();
    }

    /** How many times ReplaceSystemDisk replaced an instance's system disk (0 for unknown instances). */
    public int systemDiskReplacements(String instanceId) {
        return state.diskReplacements(instanceId);
    }

    /** The ECS status of an instance ({@code Pending, Starting, Running, Stopping, Stopped}), empty once deleted. */
    public Optional<String> instanceStatus(String instanceId) {
        return Optional.ofNullable(state.status(instanceId));
    }

    /** Stops the server (and the stub's own clock, if it made one). */
    @Override
    public void close() {
        server.stop();
        if (ownClock != null) {
            ownClock.close();
        }
    }

    /** Configures and starts an {@link EcsApiStub}. */
    public static final class Builder {
        private String regionId = "cn-hangzhou";
        private final List<String> zones = new ArrayList<>();
        private final List<InstanceType> types = new ArrayList<>();
        private String accessKeyId = "LTAI5tStubAccessKeyId";
        private String accessKeySecret = "stub-access-key-secret";
        private Clock clock;
        private Duration stepDelay = Duration.ofSeconds(1);
        private Duration listingDelay = Duration.ZERO;
        private Duration slowResponseDelay = Duration.ofSeconds(3);
        private Duration maxClockSkew;
        private int quota = 1000;

        private Builder() {
        }

        /** The region (default cn-hangzhou). */
        public Builder regionId(String regionId) {
            this.regionId = regionId;
            return this;
        }

        /** Adds a zone; without any, the region's -a, -b and -c zones exist. */
        public Builder zone(String zoneId) {
            zones.add(zoneId);
            return this;
        }

        /** Adds an instance type; without any, ecs.g6.large, ecs.g6.xlarge and ecs.gn6i-c4g1.xlarge exist. */
        public Builder instanceType(InstanceType type) {
            types.add(type);
            return this;
        }

        /** The AccessKey pair requests must be signed with. */
        public Builder credentials(String accessKeyId, String accessKeySecret) {
            this.accessKeyId = accessKeyId;
            this.accessKeySecret = accessKeySecret;
            return this;
        }

        /** The clock that times state changes (default: wall-clock time on a stub-owned thread). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long each state step takes (default 1 s). */
        public Builder stepDelay(Duration stepDelay) {
            this.stepDelay = stepDelay;
            return this;
        }

        /**
         * How long a new instance stays out of DescribeInstances and DescribeInstanceStatus answers (default 0), as
         * ECS lists new instances with a short delay; the other actions know it at once.
         */
        public Builder listingDelay(Duration delay) {
            this.listingDelay = delay;
            return this;
        }

        /** How late {@link EcsFault#SLOW_RESPONSE} answers (default 3 s). */
        public Builder slowResponseDelay(Duration delay) {
            this.slowResponseDelay = delay;
            return this;
        }

        /** Rejects requests whose timestamp is further than this from the stub's clock (default: not checked). */
        public Builder maxClockSkew(Duration skew) {
            this.maxClockSkew = skew;
            return this;
        }

        /** The instance quota (default 1000). */
        public Builder quota(int quota) {
            this.quota = quota;
            return this;
        }

        /** Starts the stub on a free local port. */
        public EcsApiStub start() {
            if (stepDelay == null || stepDelay.isNegative() || listingDelay == null || listingDelay.isNegative()) {
                throw AcsException.invalidArgument("stepDelay and listingDelay must be zero or positive, got "
                        + stepDelay + " and " + listingDelay);
            }
            return new EcsApiStub(this);
        }
    }
}
