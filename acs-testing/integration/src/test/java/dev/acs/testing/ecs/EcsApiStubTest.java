package dev.acs.testing.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.cloud.aliyun.Acs3Signature;
import dev.acs.cloud.aliyun.RpcSignature;
import dev.acs.core.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The stub at the wire: signature checks, documented response and error shapes, paging and state rules. */
class EcsApiStubTest {
    private final ManualClock clock = new ManualClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private EcsApiStub stub;

    /** A raw answer: status and parsed body. */
    private record Answer(int status, JsonNode body) {
    }

    @BeforeEach
    void start() {
        stub = EcsApiStub.builder().clock(clock).stepDelay(Duration.ofSeconds(2)).start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Map<String, String> rpcParams(String action, String nonce, Map<String, String> extra) {
        Map<String, String> p = new TreeMap<>(extra);
        p.put("Action", action);
        p.put("Format", "JSON");
        p.put("Version", "2014-05-26");
        p.put("AccessKeyId", stub.accessKeyId());
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", nonce);
        p.put("Timestamp", "2016-05-05T00:00:00Z");
        p.put("RegionId", stub.regionId());
        return p;
    }

    private Answer send(Map<String, String> params) throws IOException, InterruptedException {
        StringJoiner query = new StringJoiner("&");
        params.forEach((k, v) -> query.add(RpcSignature.percentEncode(k) + "=" + RpcSignature.percentEncode(v)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/?" + query))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    private Answer rpc(String action, Map<String, String> extra) throws IOException, InterruptedException {
        Map<String, String> p = rpcParams(action, UUID.randomUUID().toString(), extra);
        p.put("Signature", RpcSignature.sign("GET", p, stub.accessKeySecret()));
        return send(p);
    }

    @Test
    void aTamperedRequestGetsTheDocumentedErrorBody() throws Exception {
        Map<String, String> p = rpcParams("DescribeZones", "n-1", Map.of());
        p.put("Signature", RpcSignature.sign("GET", p, stub.accessKeySecret()));
        p.put("RegionId", "cn-beijing");
        Answer answer = send(p);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("Code").asText()).isEqualTo("SignatureDoesNotMatch");
        for (String field : new String[]{"RequestId", "HostId", "Code", "Message", "Recommend"}) {
            assertThat(answer.body().hasNonNull(field)).as(field).isTrue();
        }
        assertThat(stub.rejectedSignatures()).isEqualTo(1);
    }

    @Test
    void aNonceCanBeUsedOnlyOnce() throws Exception {
        Map<String, String> p = rpcParams("DescribeZones", "nonce-once", Map.of());
        p.put("Signature", RpcSignature.sign("GET", p, stub.accessKeySecret()));
        assertThat(send(p).status()).isEqualTo(200);
        Answer replay = send(p);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body().path("Code").asText()).isEqualTo("SignatureNonceUsed");
    }

    @Test
    void missingSignatureParametersAreNamed() throws Exception {
        Map<String, String> p = rpcParams("DescribeZones", "n-2", Map.of());
        p.remove("Timestamp");
        p.put("Signature", RpcSignature.sign("GET", p, stub.accessKeySecret()));
        Answer answer = send(p);
        assertThat(answer.body().path("Code").asText()).isEqualTo("MissingParameter");
        assertThat(answer.body().path("Message").asText()).contains("Timestamp");
    }

    @Test
    void aV3RequestWithAnUnsignedAcsHeaderIsIncomplete() throws Exception {
        String host = URI.create(stub.baseUrl()).getAuthority();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", host);
        headers.put("x-acs-action", "DescribeZones");
        headers.put("x-acs-version", "2014-05-26");
        headers.put("x-acs-date", "2016-05-05T00:00:00Z");
        headers.put("x-acs-signature-nonce", "v3-nonce");
        headers.put("x-acs-content-sha256", Acs3Signature.hashedPayload(new byte[0]));
        Map<String, String> query = Map.of("RegionId", stub.regionId());
        String authorization = Acs3Signature.authorization(stub.accessKeyId(), stub.accessKeySecret(), "POST", "/",
                query, headers, Acs3Signature.hashedPayload(new byte[0]));
        HttpRequest.Builder signed = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/?RegionId=" + stub.regionId()))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", authorization);
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                signed.header(k, v);
            }
        });
        HttpResponse<String> ok = http.send(signed.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).path("Zones").path("Zone")).hasSize(3);

        headers.put("x-acs-signature-nonce", "v3-nonce-2");
        String again = Acs3Signature.authorization(stub.accessKeyId(), stub.accessKeySecret(), "POST", "/", query,
                headers, Acs3Signature.hashedPayload(new byte[0]));
        HttpRequest.Builder extra = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/?RegionId=" + stub.regionId()))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", again)
                .header("x-acs-extra", "smuggled");
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                extra.header(k, v);
            }
        });
        HttpResponse<String> refused = http.send(extra.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).path("Code").asText()).isEqualTo("IncompleteSignature");
    }

    @Test
    void instancesMoveThroughTheirStatesAndPagesCarryTotals() throws Exception {
        Answer run = rpc("RunInstances", Map.of("ImageId", "img", "InstanceType", "ecs.g6.large", "Amount", "3",
                "ZoneId", stub.zoneIds().get(0)));
        assertThat(run.status()).isEqualTo(200);
        JsonNode ids = run.body().path("InstanceIdSets").path("InstanceIdSet");
        assertThat(ids).hasSize(3);
        String first = ids.get(0).asText();
        assertThat(stub.instanceStatus(first)).contains("Pending");
        clock.advance(Duration.ofSeconds(2));
        assertThat(stub.instanceStatus(first)).contains("Starting");
        clock.advance(Duration.ofSeconds(2));
        assertThat(stub.instanceStatus(first)).contains("Running");

        Answer page = rpc("DescribeInstances", Map.of("PageSize", "2", "PageNumber", "2"));
        assertThat(page.body().path("TotalCount").asInt()).isEqualTo(3);
        assertThat(page.body().path("PageNumber").asInt()).isEqualTo(2);
        assertThat(page.body().path("Instances").path("Instance")).hasSize(1);

        Answer tokenPage = rpc("DescribeInstances", Map.of("MaxResults", "2"));
        assertThat(tokenPage.body().path("Instances").path("Instance")).hasSize(2);
        String next = tokenPage.body().path("NextToken").asText();
        assertThat(next).isNotEmpty();
        Answer last = rpc("DescribeInstances", Map.of("MaxResults", "2", "NextToken", next));
        assertThat(last.body().path("Instances").path("Instance")).hasSize(1);
        assertThat(last.body().path("NextToken").asText()).isEmpty();

        Answer tooBig = rpc("DescribeInstances", Map.of("PageSize", "101"));
        assertThat(tooBig.body().path("Code").asText()).isEqualTo("InvalidParameter");

        Answer refuse = rpc("DeleteInstances", Map.of("InstanceId.1", first));
        assertThat(refuse.status()).isEqualTo(403);
        assertThat(refuse.body().path("Code").asText()).isEqualTo("IncorrectInstanceStatus");
        assertThat(rpc("DeleteInstances", Map.of("InstanceId.1", first, "Force", "true")).status()).isEqualTo(200);
        assertThat(stub.instanceStatus(first)).isEmpty();
        Answer gone = rpc("DeleteInstances", Map.of("InstanceId.1", first, "Force", "true"));
        assertThat(gone.body().path("Code").asText()).isEqualTo("InvalidInstanceId.NotFound");
    }

    @Test
    void replaceSystemDiskNeedsAStoppedInstanceAndHonoursItsClientToken() throws Exception {
        Answer run = rpc("RunInstances", Map.of("ImageId", "img", "InstanceType", "ecs.g6.large", "ZoneId",
                stub.zoneIds().get(0)));
        String id = run.body().path("InstanceIdSets").path("InstanceIdSet").get(0).asText();
        clock.advance(Duration.ofSeconds(10));
        Answer running = rpc("ReplaceSystemDisk", Map.of("InstanceId", id, "ImageId", "img2"));
        assertThat(running.status()).isEqualTo(403);
        assertThat(running.body().path("Code").asText()).isEqualTo("IncorrectInstanceStatus");
        assertThat(rpc("ReplaceSystemDisk", Map.of("InstanceId", id)).body().path("Code").asText())
                .isEqualTo("MissingParameter");

        rpc("StopInstances", Map.of("InstanceId.1", id));
        clock.advance(Duration.ofSeconds(5));
        Answer replaced = rpc("ReplaceSystemDisk", Map.of("InstanceId", id, "ImageId", "img2", "ClientToken", "t-1"));
        assertThat(replaced.status()).isEqualTo(200);
        String disk = replaced.body().path("DiskId").asText();
        assertThat(disk).startsWith("d-");
        Answer again = rpc("ReplaceSystemDisk", Map.of("InstanceId", id, "ImageId", "img2", "ClientToken", "t-1"));
        assertThat(again.body().path("DiskId").asText()).isEqualTo(disk);
        assertThat(stub.systemDiskReplacements(id)).isEqualTo(1);
        JsonNode described = rpc("DescribeInstances", Map.of("InstanceIds", "[\"" + id + "\"]"))
                .body().path("Instances").path("Instance").get(0);
        assertThat(described.path("ImageId").asText()).isEqualTo("img2");
        assertThat(rpc("ReplaceSystemDisk", Map.of("InstanceId", "i-nosuch", "ImageId", "img")).body().path("Code")
                .asText()).isEqualTo("InvalidInstanceId.NotFound");
    }

    @Test
    void unknownActionsAndRegionsAreRefused() throws Exception {
        Answer action = rpc("RebootEverything", Map.of());
        assertThat(action.status()).isEqualTo(404);
        assertThat(action.body().path("Code").asText()).isEqualTo("InvalidAction.NotFound");
        Map<String, String> p = rpcParams("DescribeZones", "n-3", Map.of());
        p.put("RegionId", "mars-north-1");
        p.put("Signature", RpcSignature.sign("GET", p, stub.accessKeySecret()));
        assertThat(send(p).body().path("Code").asText()).isEqualTo("InvalidRegionId.NotFound");
    }

    @Test
    void malformedInstanceIdsAndTagKeysAreRefused() throws Exception {
        assertThat(rpc("DescribeInstances", Map.of("InstanceIds", "[i-1")).body().path("Code").asText())
                .isEqualTo("InvalidInstanceIds.Malformed");
        assertThat(rpc("RunInstances", Map.of("ImageId", "img", "InstanceType", "ecs.g6.large", "Tag.1.Key",
                "acs:reserved")).body().path("Code").asText()).isEqualTo("InvalidTagKey.Malformed");
        assertThat(rpc("RunInstances", Map.of("InstanceType", "ecs.g6.large")).body().path("Message").asText())
                .contains("ImageId");
    }

    @Test
    void aClientTokenNamesOneSuccessfulRunInstancesAsEcsDocumentsIt() throws Exception {
        String zoneA = stub.zoneIds().get(0);
        String zoneB = stub.zoneIds().get(1);
        Map<String, String> inA = Map.of("ImageId", "img", "InstanceType", "ecs.g6.large", "Amount", "2",
                "ZoneId", zoneA, "ClientToken", "tok-7", "Tag.1.Key", "acs.cluster", "Tag.1.Value", "c1");
        stub.setStock(zoneA, "ecs.g6.large", 0);
        assertThat(rpc("RunInstances", inA).body().path("Code").asText()).isEqualTo("OperationDenied.NoStock");

        Map<String, String> inB = new TreeMap<>(inA);
        inB.put("ZoneId", zoneB);
        Answer first = rpc("RunInstances", inB);
        assertThat(first.status()).as("a failed request does not use its token up").isEqualTo(200);
        Answer again = rpc("RunInstances", inB);
        assertThat(again.body().path("InstanceIdSets")).isEqualTo(first.body().path("InstanceIdSets"));
        assertThat(stub.instanceCount()).isEqualTo(2);

        stub.setStock(zoneA, "ecs.g6.large", 10);
        Answer otherZone = rpc("RunInstances", inA);
        assertThat(otherZone.status()).isEqualTo(400);
        assertThat(otherZone.body().path("Code").asText()).isEqualTo("IdempotentParameterMismatch");
        assertThat(stub.instanceCount()).isEqualTo(2);

        Map<String, String> tooLong = new TreeMap<>(inA);
        tooLong.put("ClientToken", "t".repeat(65));
        assertThat(rpc("RunInstances", tooLong).body().path("Code").asText()).isEqualTo("InvalidParameter");
        tooLong.put("ClientToken", "tok-\u00e9");
        assertThat(rpc("RunInstances", tooLong).body().path("Code").asText()).isEqualTo("InvalidParameter");
        assertThat(stub.instanceCount()).isEqualTo(2);
    }
}
