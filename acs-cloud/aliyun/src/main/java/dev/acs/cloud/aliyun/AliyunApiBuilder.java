package dev.acs.cloud.aliyun;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.Clock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The settings every Alibaba Cloud client of this module shares (the ECS provider, the SLB load balancer): credentials,
 * region, endpoint, signature, clock, retries and circuit breaker.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class AliyunApiBuilder<B extends AliyunApiBuilder<B>> {
    AliyunCredentials credentials;
    String regionId;
    private String endpoint;
    private SignatureVersion signatureVersion = SignatureVersion.ACS3_HMAC_SHA256;
    private Supplier<Instant> now = Instant::now;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private int breakerWindow = 20;
    private float breakerFailureRatePercent = 50;
    private Duration breakerOpenFor = Duration.ofSeconds(30);

    AliyunApiBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The AccessKey pair (required). */
    public B credentials(AliyunCredentials credentials) {
        this.credentials = credentials;
        return self();
    }

    /** Credentials from the environment or {@code ~/.aliyun/config.json}, see {@link AliyunCredentials#resolve}. */
    public B defaultCredentials() {
        return credentials(AliyunCredentials.resolve(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** The region, e.g. {@code cn-hangzhou} (required); it also names the default endpoint. */
    public B regionId(String regionId) {
        this.regionId = regionId;
        return self();
    }

    /** Overrides the endpoint (default {@code https://<product>.<region>.aliyuncs.com}), e.g. for a test stub. */
    public B endpoint(String endpoint) {
        this.endpoint = endpoint;
        return self();
    }

    /** The signature to use (default {@link SignatureVersion#ACS3_HMAC_SHA256}). */
    public B signatureVersion(SignatureVersion signatureVersion) {
        this.signatureVersion = Objects.requireNonNull(signatureVersion, "signatureVersion");
        return self();
    }

    /** The source of request timestamps (default the system clock). */
    public B clock(Clock clock) {
        this.now = clock::now;
        return self();
    }

    /**
     * Retry policy: at most {@code maxAttempts} attempts per request, waiting an exponentially growing,
     * randomised (±50%) interval starting at {@code initialBackoff} and capped at {@code maxBackoff}
     * (defaults 5, 200 ms, 5 s). Waits never run past the call's timeout.
     */
    public B retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        if (maxAttempts < 1 || initialBackoff.isNegative() || initialBackoff.isZero()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw AcsException.invalidArgument("retries need maxAttempts >= 1 and 0 < initialBackoff <= "
                    + "maxBackoff, got " + maxAttempts + ", " + initialBackoff + ", " + maxBackoff);
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        return self();
    }

    /**
     * Circuit breaker of the endpoint: it opens when at least {@code failureRatePercent} of the last
     * {@code window} requests failed on the server side (5xx, transport, malformed), and stays open for
     * {@code openFor} (defaults 20, 50%, 30 s).
     */
    public B circuitBreaker(int window, float failureRatePercent, Duration openFor) {
        if (window < 1 || failureRatePercent <= 0 || failureRatePercent > 100 || openFor.isNegative()
                || openFor.isZero()) {
            throw AcsException.invalidArgument("the circuit breaker needs window >= 1, 0 < failureRatePercent "
                    + "<= 100 and a positive openFor, got " + window + ", " + failureRatePercent + ", " + openFor);
        }
        this.breakerWindow = window;
        this.breakerFailureRatePercent = failureRatePercent;
        this.breakerOpenFor = openFor;
        return self();
    }

    /** Checks the common settings of a client of {@code product} (e.g. "the ECS provider"). */
    void checkCommon(String product) {
        if (credentials == null) {
            throw new AcsException(ErrorCode.UNAUTHORIZED, product + " needs credentials: call credentials(...) or "
                    + "defaultCredentials()");
        }
        if (regionId == null || regionId.isBlank()) {
            throw AcsException.invalidArgument(product + " needs a region id, e.g. regionId(\"cn-hangzhou\")");
        }
    }

    /**
     * The client of one product on {@code http}: the endpoint (or {@code https://<host>.<region>.aliyuncs.com}), the
     * signature, the retries and a circuit breaker that records server-side failures (not throttling).
     */
    OpenApiClient client(OkHttpClient http, String host, String apiVersion, ApiErrors errors) {
        HttpUrl url = HttpUrl.parse(endpoint != null ? endpoint : "https://" + host + "." + regionId + ".aliyuncs.com");
        if (url == null) {
            throw AcsException.invalidArgument("the " + errors.product() + " endpoint '" + endpoint
                    + "' is not an http(s) URL");
        }
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowSize(breakerWindow)
                .minimumNumberOfCalls(breakerWindow)
                .failureRateThreshold(breakerFailureRatePercent)
                .waitDurationInOpenState(breakerOpenFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof OpenApiError error && errors.isRetriable(error)
                        && !error.code().startsWith("Throttling"))
                .build();
        CircuitBreaker breaker = CircuitBreakerRegistry.of(breakerConfig).circuitBreaker(url.host() + ":" + url.port());
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, maxBackoff);
        return new OpenApiClient(http, errors, apiVersion, url, credentials, signatureVersion, now, maxAttempts, backoff,
                breaker);
    }
}
