package dev.acs.cloud.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends one action of an Alibaba Cloud RPC-style OpenAPI (ECS, SLB): signs every attempt afresh (new SignatureNonce
 * and timestamp), retries what the product's {@link ApiErrors} call retriable with jittered exponential backoff inside
 * the call's deadline, and goes through the endpoint's circuit breaker.
 */
final class OpenApiClient {
    private static final Logger LOG = LoggerFactory.getLogger(OpenApiClient.class);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final OkHttpClient http;
    private final ApiErrors errors;
    private final String apiVersion;
    private final HttpUrl endpoint;
    private final AliyunCredentials credentials;
    private final SignatureVersion signatureVersion;
    private final Supplier<Instant> now;
    private final int maxAttempts;
    private final IntervalFunction backoff;
    private final CircuitBreaker circuitBreaker;
    private final ObjectMapper json = new ObjectMapper();

    OpenApiClient(OkHttpClient http, ApiErrors errors, String apiVersion, HttpUrl endpoint, AliyunCredentials credentials,
                  SignatureVersion signatureVersion, Supplier<Instant> now, int maxAttempts, IntervalFunction backoff,
                  CircuitBreaker circuitBreaker) {
        this.http = http;
        this.errors = errors;
        this.apiVersion = apiVersion;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.signatureVersion = signatureVersion;
        this.now = now;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.circuitBreaker = circuitBreaker;
    }

    /**
     * Calls {@code action} with its parameters and returns the JSON body of the success response.
     *
     * @throws AcsException with the mapped code once retries are spent, the deadline passed or the error is final
     */
    JsonNode call(String action, Map<String, String> parameters, Deadline deadline) {
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(attempt -> Math.min(backoff.apply(attempt), deadline.remainingMillis()))
                .retryOnException(e -> e instanceof OpenApiError error && errors.isRetriable(error))
                .build();
        Retry retry = Retry.of(errors.product() + "-" + action, config);
        retry.getEventPublisher().onRetry(event -> LOG.debug("{} {} attempt {} failed ({}), retrying in {}",
                errors.product(), action, event.getNumberOfRetryAttempts(), event.getLastThrowable().getMessage(), event.getWaitInterval()));
        try {
            return retry.executeSupplier(() -> attempt(action, parameters, deadline));
        } catch (OpenApiError error) {
            throw errors.toAcs(action, error, deadline.expired());
        } catch (CallNotPermittedException open) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, errors.product() + " " + action + " was not sent: the circuit "
                    + "breaker for " + endpoint.host() + " is open after repeated failures; repeat the call later",
                    Map.of("action", action, "endpoint", endpoint.host()), open);
        }
    }

    private JsonNode attempt(String action, Map<String, String> parameters, Deadline deadline) {
        if (deadline.expired()) {
            throw new AcsException(ErrorCode.TIMEOUT, errors.product() + " " + action + " did not finish within its timeout; give the "
                    + "call a longer timeout or repeat it", Map.of("action", action), null);
        }
        return circuitBreaker.executeSupplier(() -> send(action, parameters, deadline));
    }

    private JsonNode send(String action, Map<String, String> parameters, Deadline deadline) {
        Request request = signatureVersion == SignatureVersion.RPC_HMAC_SHA1
                ? rpcRequest(action, parameters) : acs3Request(action, parameters);
        Call call = http.newCall(request);
        call.timeout().timeout(Math.max(1, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (response.isSuccessful()) {
                JsonNode node = parse(text);
                if (node == null || !node.isObject()) {
                    throw new OpenApiError(response.code(), OpenApiError.MALFORMED_RESPONSE,
                            "the response body is not a JSON object", null, null);
                }
                LOG.debug("{} {} ok, RequestId {}", errors.product(), action, node.path("RequestId").asText());
                return node;
            }
            JsonNode error = parse(text);
            if (error == null || !error.hasNonNull("Code")) {
                throw new OpenApiError(response.code(), response.code() >= 500 ? "HTTP" + response.code()
                        : OpenApiError.MALFORMED_RESPONSE, "HTTP " + response.code() + " without a documented error body",
                        null, null);
            }
            throw new OpenApiError(response.code(), error.get("Code").asText(), error.path("Message").asText(""),
                    error.hasNonNull("RequestId") ? error.get("RequestId").asText() : null, null);
        } catch (IOException e) {
            throw new OpenApiError(0, OpenApiError.IO_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
        }
    }

    private JsonNode parse(String text) {
        try {
            return text.isEmpty() ? null : json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private Request rpcRequest(String action, Map<String, String> parameters) {
        Map<String, String> all = new TreeMap<>(parameters);
        all.put("Action", action);
        all.put("Format", "JSON");
        all.put("Version", apiVersion);
        all.put("AccessKeyId", credentials.accessKeyId());
        all.put("SignatureMethod", RpcSignature.METHOD);
        all.put("SignatureVersion", RpcSignature.VERSION);
        all.put("SignatureNonce", UUID.randomUUID().toString());
        all.put("Timestamp", timestamp());
        credentials.securityToken().ifPresent(token -> all.put("SecurityToken", token));
        all.put("Signature", RpcSignature.sign("GET", all, credentials.accessKeySecret()));
        return new Request.Builder().url(withQuery(all)).get().build();
    }

    private Request acs3Request(String action, Map<String, String> parameters) {
        String hashedPayload = Acs3Signature.hashedPayload(new byte[0]);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", hostHeader());
        headers.put("x-acs-action", action);
        headers.put("x-acs-version", apiVersion);
        headers.put("x-acs-date", timestamp());
        headers.put("x-acs-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
        headers.put("x-acs-content-sha256", hashedPayload);
        credentials.securityToken().ifPresent(token -> headers.put("x-acs-security-token", token));
        String authorization = Acs3Signature.authorization(credentials.accessKeyId(), credentials.accessKeySecret(),
                "POST", "/", parameters, headers, hashedPayload);
        Request.Builder builder = new Request.Builder().url(withQuery(parameters))
                .post(RequestBody.create(new byte[0], null));
        headers.forEach(builder::header);
        return builder.header("Authorization", authorization).build();
    }

    private HttpUrl withQuery(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&");
        new TreeMap<>(parameters).forEach((name, value) ->
                query.add(RpcSignature.percentEncode(name) + "=" + RpcSignature.percentEncode(value)));
        return endpoint.newBuilder().encodedPath("/").encodedQuery(query.length() == 0 ? null : query.toString())
                .build();
    }

    private String hostHeader() {
        return endpoint.port() == HttpUrl.defaultPort(endpoint.scheme())
                ? endpoint.host() : endpoint.host() + ":" + endpoint.port();
    }

    private String timestamp() {
        return TIMESTAMP.format(now.get().truncatedTo(ChronoUnit.SECONDS));
    }
}
