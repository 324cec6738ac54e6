package dev.acs.cloud.aliyun;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked example of Alibaba Cloud's "Request syntax and signature method V3" (help.aliyun.com, V3 请求体&签名机制):
 * RunInstances on ecs.cn-shanghai.aliyuncs.com with fixed date, nonce and query, AccessKey YourAccessKeyId /
 * YourAccessKeySecret. The page publishes the canonical headers, the hashed canonical request
 * {@code 7ea06492...e259} and the signature {@code 06563a9e...83c0}.
 */
class Acs3SignatureTest {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static Map<String, String> query() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("RegionId", "cn-shanghai");
        q.put("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd");
        return q;
    }

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-acs-version", "2014-05-26");
        h.put("Host", "ecs.cn-shanghai.aliyuncs.com");
        h.put("x-acs-action", "RunInstances");
        h.put("x-acs-date", "2023-10-26T10:22:32Z");
        h.put("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
        h.put("x-acs-content-sha256", EMPTY_SHA256);
        h.put("User-Agent", "not signed");
        return h;
    }

    @Test
    void hashesAnEmptyBodyAsPublished() {
        assertThat(Acs3Signature.hashedPayload(new byte[0])).isEqualTo(EMPTY_SHA256);
    }

    @Test
    void reproducesThePublishedCanonicalRequestHash() {
        String canonical = Acs3Signature.canonicalRequest("POST", "/", query(), headers(), EMPTY_SHA256);
        assertThat(canonical).isEqualTo("""
                POST
                /
                ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai
                host:ecs.cn-shanghai.aliyuncs.com
                x-acs-action:RunInstances
                x-acs-content-sha256:%s
                x-acs-date:2023-10-26T10:22:32Z
                x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d
                x-acs-version:2014-05-26

                host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
                %s""".formatted(EMPTY_SHA256, EMPTY_SHA256));
        assertThat(Acs3Signature.hashedPayload(canonical.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
        assertThat(Acs3Signature.stringToSign(canonical)).isEqualTo(
                "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    }

    @Test
    void reproducesThePublishedAuthorizationHeader() {
        assertThat(Acs3Signature.authorization("YourAccessKeyId", "YourAccessKeySecret", "POST", "/", query(),
                headers(), EMPTY_SHA256)).isEqualTo("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;"
                + "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="
                + "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    }

    @Test
    void anyChangeOfASignedPartChangesTheSignature() {
        String base = Acs3Signature.authorization("id", "secret", "POST", "/", query(), headers(), EMPTY_SHA256);
        Map<String, String> otherNonce = headers();
        otherNonce.put("x-acs-signature-nonce", "another");
        Map<String, String> otherQuery = query();
        otherQuery.put("Amount", "2");
        assertThat(Acs3Signature.authorization("id", "secret", "POST", "/", query(), otherNonce, EMPTY_SHA256))
                .isNotEqualTo(base);
        assertThat(Acs3Signature.authorization("id", "secret", "POST", "/", otherQuery, headers(), EMPTY_SHA256))
                .isNotEqualTo(base);
        assertThat(Acs3Signature.authorization("id", "other", "POST", "/", query(), headers(), EMPTY_SHA256))
                .isNotEqualTo(base);
    }
}
