package dev.acs.cloud.aliyun;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RpcSignatureTest {

    /** The parameters of the DescribeRegions example, with the timestamp parameter named as given. */
    private static Map<String, String> describeRegions(String timestampName) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(timestampName, "2016-02-23T12:46:24Z");
        p.put("Format", "XML");
        p.put("AccessKeyId", "testid");
        p.put("Action", "DescribeRegions");
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        p.put("Version", "2014-05-26");
        p.put("SignatureVersion", "1.0");
        return p;
    }

    /**
     * The worked example published by Alibaba Cloud for the ECS API signature ("API 签名机制(示例)",
     * developer.aliyun.com/ask/210168): AccessKey testid / testsecret, DescribeRegions, the given
     * StringToSign and the signature CT9X0VtwR86fNWSnsc6v8YGOjuE=.
     */
    @Test
    void reproducesThePublishedDescribeRegionsExample() {
        Map<String, String> params = describeRegions("TimeStamp");
        assertThat(RpcSignature.stringToSign("GET", params)).isEqualTo("GET&%2F&AccessKeyId%3Dtestid%26Action%3D"
                + "DescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-"
                + "a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D"
                + "2014-05-26");
        assertThat(RpcSignature.sign("GET", params, "testsecret")).isEqualTo("CT9X0VtwR86fNWSnsc6v8YGOjuE=");
    }

    /**
     * The same request with the parameter spelt {@code Timestamp}, as the SDK sends it; the expected value was
     * computed independently (Python hmac/hashlib over the string below), not taken from a publication.
     */
    @Test
    void matchesAnIndependentlyComputedVectorWithTimestamp() {
        Map<String, String> params = describeRegions("Timestamp");
        params.put("Signature", "ignored: the Signature parameter is never signed");
        assertThat(RpcSignature.sign("GET", params, "testsecret")).isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    @Test
    void percentEncodingFollowsRfc3986() {
        assertThat(RpcSignature.percentEncode("a b*c~d-e_f.g")).isEqualTo("a%20b%2Ac~d-e_f.g");
        assertThat(RpcSignature.percentEncode("x+y=z&/:")).isEqualTo("x%2By%3Dz%26%2F%3A");
        assertThat(RpcSignature.percentEncode("标签")).isEqualTo("%E6%A0%87%E7%AD%BE");
    }

    @Test
    void canonicalQuerySortsByNameAndDropsTheSignature() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("b", "2");
        params.put("Signature", "x");
        params.put("A", "1 1");
        params.put("a", "");
        assertThat(RpcSignature.canonicalizedQuery(params)).isEqualTo("A=1%201&a=&b=2");
    }

    @Test
    void postRequestsSignWithTheirMethod() {
        Map<String, String> params = describeRegions("Timestamp");
        assertThat(RpcSignature.stringToSign("POST", params)).startsWith("POST&%2F&AccessKeyId%3Dtestid%26");
        assertThat(RpcSignature.sign("POST", params, "testsecret"))
                .isNotEqualTo(RpcSignature.sign("GET", params, "testsecret"));
    }
}
