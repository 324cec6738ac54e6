package dev.acs.testing.ecs;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.acs.core.clock.SystemClock;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stateful emulator of the Alibaba Cloud Server Load Balancer OpenAPI (version 2014-05-15) on a local port, for tests
 * of code that binds backend servers. It serves DescribeLoadBalancers (LoadBalancerName and LoadBalancerId filters,
 * comma-separated; PageNumber/PageSize/TotalCount), DescribeLoadBalancerAttribute (ListenerPortsAndProtocol,
 * BackendServers), AddBackendServers and RemoveBackendServers (BackendServers as a JSON list of
 * {@code {"ServerId","Weight","Type"}}, at most 20 per call), DescribeTags, AddTags and RemoveTags, with the documented
 * JSON shapes and error codes: {@code InvalidLoadBalancerId.NotFound}, {@code InvalidRegionId.NotFound},
 * {@code ObtainIpFail} for an instance that is not a running ECS instance, {@code InvalidParameter} ("The resource
 * already exists.") for a server added twice, {@code TooManyBackendServers}, {@code InvalidWeight.Malformed},
 * {@code MissingParameter}. Removing an absent server is ignored, as documented.
 *
 * <p>Requests are signed and checked exactly as by {@link EcsApiStub}; the same {@link EcsFault}s can be injected.
 * The test creates the load balancers with their listeners ({@link #createLoadBalancer}) and declares which ECS
 * instances run ({@link #addInstances}), as the user does in the console.
 */
public final class SlbApiStub implements AutoCloseable {
    private final WireMockServer server;
    private final SlbStubState state;
    private final OpenApiStubTransformer transformer;
    private final String regionId;
    private final String accessKeyId;
    private final String accessKeySecret;
    private final SystemClock clock = new SystemClock();

    private SlbApiStub(String regionId, String accessKeyId, String accessKeySecret) {
        this.regionId = regionId;
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.state = new SlbStubState(regionId);
        this.transformer = new OpenApiStubTransformer("Slb", "2014-05-15", state::handle, accessKeyId, accessKeySecret,
                "slb." + regionId + ".aliyuncs.com", clock, null, Duration.ofSeconds(3));
        this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(8)
                .disableRequestJournal().extensions(transformer));
        server.start();
        server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
    }

    /** Starts a stub of region {@code regionId} that accepts requests signed with the given AccessKey pair. */
    public static SlbApiStub start(String regionId, String accessKeyId, String accessKeySecret) {
        return new SlbApiStub(regionId, accessKeyId, accessKeySecret);
    }

    /** The URL to use as the client's endpoint, e.g. {@code http://127.0.0.1:43121}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The emulated region. */
    public String regionId() {
        return regionId;
    }

    /** The AccessKey ID requests must be signed with. */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The AccessKey secret requests must be signed with. */
    public String accessKeySecret() {
        return accessKeySecret;
    }

    /**
     * Creates a load balancer, as the user does in the SLB console, with its listeners (front port → protocol, e.g.
     * {@code 6379 → "tcp"}).
     *
     * @return its id
     */
    public String createLoadBalancer(String name, Map<Integer, String> listeners) {
        return state.create(name, listeners);
    }

    /** Declares running ECS instances, which AddBackendServers accepts. */
    public void addInstances(List<String> instanceIds) {
        state.addInstances(instanceIds);
    }

    /** The backend servers of a load balancer: ECS instance id → weight. */
    public Map<String, Integer> backendServers(String loadBalancerId) {
        return state.servers(loadBalancerId);
    }

    /** The tags of a load balancer. */
    public Map<String, String> tags(String loadBalancerId) {
        return state.tags(loadBalancerId);
    }

    /** Sets a tag of a load balancer, as another tool or another control plane would. */
    public void tag(String loadBalancerId, String key, String value) {
        state.tag(loadBalancerId, key, value);
    }

    /** Answers the next {@code times} requests of {@code action} ({@code null} for any) with {@code fault}. */
    public void failNext(String action, EcsFault fault, int times) {
        transformer.addFault(action, Map.of(), fault, false, times);
    }

    /** Applies the next {@code times} requests of {@code action} and then answers them with {@code fault}. */
    public void failAfterApplying(String action, EcsFault fault, int times) {
        transformer.addFault(action, Map.of(), fault, true, times);
    }

    /** How many correctly signed requests of an action arrived (including those answered with a fault). */
    public int requestCount(String action) {
        return transformer.requestCount(action);
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.stop();
        clock.close();
    }
}
