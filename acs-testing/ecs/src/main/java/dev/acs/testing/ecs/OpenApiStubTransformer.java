package dev.acs.testing.ecs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.acs.cloud.aliyun.Acs3Signature;
import dev.acs.cloud.aliyun.RpcSignature;
import dev.acs.core.spi.Clock;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WireMock side of the API stubs ({@link EcsApiStub}, {@link SlbApiStub}): reads the request (RPC query string or
 * V3 headers), checks its signature, API version, nonce and timestamp, applies injected faults and answers from the
 * stub's state with the documented JSON shapes and error bodies.
 */
final class OpenApiStubTransformer implements ResponseDefinitionTransformerV2 {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The stub's state: answers one authenticated action or throws a {@link StubApiError}. */
    interface Handler {
        ObjectNode handle(String action, Map<String, String> parameters);
    }

    private final Handler state;
    private final String name;
    private final String product;
    private final String apiVersion;
    private final String accessKeyId;
    private final String accessKeySecret;
    private final String hostId;
    private final Clock clock;
    private final Duration maxClockSkew;
    private final Duration slowResponseDelay;
    private final Set<String> nonces = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger rejectedSignatures = new AtomicInteger();
    private final List<FaultPlan> faults = new ArrayList<>();

    OpenApiStubTransformer(String product, String apiVersion, Handler state, String accessKeyId, String accessKeySecret,
                           String hostId, Clock clock, Duration maxClockSkew, Duration slowResponseDelay) {
        this.state = state;
        this.name = "acs-" + product.toLowerCase(Locale.ROOT) + "-api-stub";
        this.product = product;
        this.apiVersion = apiVersion;
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.hostId = hostId;
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
        this.slowResponseDelay = slowResponseDelay;
    }

    /** Faults to inject into the next matching requests. */
    private static final class FaultPlan {
        final String action;
        final Map<String, String> when;
        final EcsFault fault;
        final boolean afterApplying;
        int remaining;

        FaultPlan(String action, Map<String, String> when, EcsFault fault, boolean afterApplying, int remaining) {
            this.action = action;
            this.when = Map.copyOf(when);
            this.fault = fault;
            this.afterApplying = afterApplying;
            this.remaining = remaining;
        }

        boolean matches(String requested, Map<String, String> params) {
            return remaining > 0 && (action == null || action.equals(requested))
                    && params.entrySet().containsAll(when.entrySet());
        }
    }

    void addFault(String action, Map<String, String> when, EcsFault fault, boolean afterApplying, int times) {
        synchronized (faults) {
            faults.add(new FaultPlan(action, when, fault, afterApplying, times));
        }
    }

    void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    int requestCount(String action) {
        AtomicInteger n = requests.get(action);
        return n == null ? 0 : n.get();
    }

    int rejectedSignatures() {
        return rejectedSignatures.get();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        Map<String, String> params = queryParameters(request.getUrl());
        String action;
        try {
            action = authenticate(request, params);
        } catch (StubApiError e) {
            rejectedSignatures.incrementAndGet();
            return error(requestId, e);
        }
        requests.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        FaultPlan fault = takeFault(action, params);
        if (fault != null && !fault.afterApplying) {
            return faultResponse(requestId, fault.fault, null);
        }
        ResponseDefinition answer;
        try {
            ObjectNode body = state.handle(action, params);
            ObjectNode withId = JSON.createObjectNode().put("RequestId", requestId);
            withId.setAll(body);
            answer = json(200, withId.toString(), 0);
        } catch (StubApiError e) {
            answer = error(requestId, e);
        }
        return fault == null ? answer : faultResponse(requestId, fault.fault, answer);
    }

    private FaultPlan takeFault(String action, Map<String, String> params) {
        synchronized (faults) {
            for (FaultPlan plan : faults) {
                if (plan.matches(action, params)) {
                    plan.remaining--;
                    return plan;
                }
            }
            return null;
        }
    }

    private ResponseDefinition faultResponse(String requestId, EcsFault fault, ResponseDefinition answer) {
        return switch (fault) {
            case THROTTLING -> error(requestId, new StubApiError(400, "Throttling.User",
                    "Request was denied due to user flow control."));
            case SERVICE_UNAVAILABLE -> error(requestId, new StubApiError(503, "ServiceUnavailable",
                    "The request has failed due to a temporary failure of the server."));
            case INTERNAL_ERROR -> error(requestId, new StubApiError(500, "InternalError",
                    "The request processing has failed due to some unknown error."));
            case MALFORMED_BODY -> ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json;charset=utf-8")
                    .withBody("{\"RequestId\":\"" + requestId + "\",\"Instances\":{\"Inst").build();
            case SLOW_RESPONSE -> answer != null ? delayed(answer)
                    : json(503, errorBody(requestId, "ServiceUnavailable", "slow"), slowResponseDelay.toMillis());
            case CONNECTION_RESET -> ResponseDefinitionBuilder.responseDefinition()
                    .withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        };
    }

    private ResponseDefinition delayed(ResponseDefinition answer) {
        return ResponseDefinitionBuilder.like(answer).withFixedDelay((int) slowResponseDelay.toMillis()).build();
    }

    /** Checks the signature of either style and returns the action. */
    private String authenticate(Request request, Map<String, String> params) {
        String authorization = request.getHeader("Authorization");
        String method = request.getMethod().value();
        if (authorization != null && authorization.startsWith(Acs3Signature.ALGORITHM + " ")) {
            return authenticateV3(request, method, authorization, params);
        }
        return authenticateRpc(method, params);
    }

    private String authenticateRpc(String method, Map<String, String> params) {
        for (String name : List.of("AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
                "SignatureNonce", "Timestamp", "Version", "Action")) {
            if (!params.containsKey(name)) {
                throw new StubApiError(400, "MissingParameter", "The input parameter \"" + name
                        + "\" that is mandatory for processing this request is not supplied.");
            }
        }
        if (!RpcSignature.METHOD.equals(params.get("SignatureMethod"))
                || !RpcSignature.VERSION.equals(params.get("SignatureVersion"))) {
            throw new StubApiError(400, "InvalidParameter", "SignatureMethod must be HMAC-SHA1 and "
                    + "SignatureVersion 1.0.");
        }
        if (!"JSON".equalsIgnoreCase(params.getOrDefault("Format", "JSON"))) {
            throw new StubApiError(400, "InvalidParameter", "The stub answers Format=JSON only, got "
                    + params.get("Format") + ".");
        }
        checkCommon(params.get("AccessKeyId"), params.get("Version"), params.get("Timestamp"));
        String expected = RpcSignature.sign(method, params, accessKeySecret);
        if (!expected.equals(params.get("Signature"))) {
            throw signatureMismatch();
        }
        useNonce(params.get("SignatureNonce"));
        String action = params.get("Action");
        for (String common : List.of("AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
                "SignatureNonce", "Timestamp", "Version", "Action", "Format", "SecurityToken")) {
            params.remove(common);
        }
        return action;
    }

    private String authenticateV3(Request request, String method, String authorization, Map<String, String> params) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : authorization.substring(Acs3Signature.ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String signedHeaders = parts.get("SignedHeaders");
        if (parts.get("Credential") == null || signedHeaders == null || parts.get("Signature") == null) {
            throw new StubApiError(400, "IncompleteSignature", "The Authorization header lacks Credential, "
                    + "SignedHeaders or Signature.");
        }
        List<String> signed = List.of(signedHeaders.split(";"));
        for (String needed : List.of("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
                "x-acs-signature-nonce", "x-acs-version")) {
            if (!signed.contains(needed) || request.getHeader(needed) == null) {
                throw new StubApiError(400, "IncompleteSignature", "The header " + needed + " is missing or not "
                        + "signed.");
            }
        }
        for (String name : request.getAllHeaderKeys()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-acs-") && !signed.contains(lower)) {
                throw new StubApiError(400, "IncompleteSignature", "The header " + lower + " is not signed.");
            }
        }
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody();
        String hashedPayload = Acs3Signature.hashedPayload(body);
        if (!hashedPayload.equals(request.getHeader("x-acs-content-sha256"))) {
            throw new StubApiError(400, "InvalidParameter", "x-acs-content-sha256 does not match the body.");
        }
        checkCommon(parts.get("Credential"), request.getHeader("x-acs-version"), request.getHeader("x-acs-date"));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : signed) {
            headers.put(name, request.getHeader(name));
        }
        String path = request.getUrl().contains("?") ? request.getUrl().substring(0, request.getUrl().indexOf('?'))
                : request.getUrl();
        String canonical = Acs3Signature.canonicalRequest(method, path, params, headers, hashedPayload);
        if (!Acs3Signature.signature(accessKeySecret, canonical).equals(parts.get("Signature"))) {
            throw signatureMismatch();
        }
        useNonce(request.getHeader("x-acs-signature-nonce"));
        return request.getHeader("x-acs-action");
    }

    private void checkCommon(String keyId, String version, String timestamp) {
        if (!accessKeyId.equals(keyId)) {
            throw new StubApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (!apiVersion.equals(version)) {
            throw new StubApiError(400, "InvalidVersion", "Specified parameter Version is not valid: " + version);
        }
        Instant at;
        try {
            at = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new StubApiError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well "
                    + "formatted: " + timestamp);
        }
        if (!timestamp.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")) {
            throw new StubApiError(400, "InvalidTimeStamp.Format", "Specified time stamp must be "
                    + "yyyy-MM-ddTHH:mm:ssZ: " + timestamp);
        }
        if (maxClockSkew != null && Duration.between(at, clock.now()).abs().compareTo(maxClockSkew) > 0) {
            throw new StubApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
    }

    private void useNonce(String nonce) {
        if (nonce == null || nonce.isEmpty() || !nonces.add(nonce)) {
            throw new StubApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
    }

    private static StubApiError signatureMismatch() {
        return new StubApiError(400, "SignatureDoesNotMatch", "Specified signature is not matched with our "
                + "calculation.");
    }

    private ResponseDefinition error(String requestId, StubApiError e) {
        return json(e.status(), errorBody(requestId, e.code(), e.getMessage()), 0);
    }

    private String errorBody(String requestId, String code, String message) {
        return JSON.createObjectNode().put("RequestId", requestId).put("HostId", hostId).put("Code", code)
                .put("Message", message)
                .put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code + "&product=" + product).toString();
    }

    private static ResponseDefinition json(int status, String body, long delayMillis) {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json;charset=utf-8").withBody(body);
        if (delayMillis > 0) {
            builder.withFixedDelay((int) delayMillis);
        }
        return builder.build();
    }

    private static Map<String, String> queryParameters(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return params;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
