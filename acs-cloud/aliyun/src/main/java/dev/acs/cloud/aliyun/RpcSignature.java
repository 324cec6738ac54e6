package dev.acs.cloud.aliyun;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The RPC signature of the Alibaba Cloud OpenAPI (SignatureMethod {@code HMAC-SHA1}, SignatureVersion {@code 1.0}):
 * <pre>
 * CanonicalizedQueryString = the parameters (without Signature) sorted by name, each percentEncode(name) + "=" +
 *                            percentEncode(value), joined with "&amp;"
 * StringToSign = HTTPMethod + "&amp;" + percentEncode("/") + "&amp;" + percentEncode(CanonicalizedQueryString)
 * Signature    = Base64(HMAC-SHA1(AccessKeySecret + "&amp;", StringToSign))
 * </pre>
 * Percent encoding follows RFC 3986: {@code A-Z a-z 0-9 - _ . ~} stay, space is {@code %20}, everything else is
 * {@code %XY} of its UTF-8 bytes.
 */
public final class RpcSignature {
    /** The value of the SignatureMethod parameter. */
    public static final String METHOD = "HMAC-SHA1";
    /** The value of the SignatureVersion parameter. */
    public static final String VERSION = "1.0";

    private RpcSignature() {
    }

    /** RFC 3986 percent encoding of a UTF-8 string, as both Alibaba Cloud signatures require. */
    public static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** The parameters without {@code Signature}, sorted by name, encoded and joined with {@code &}. */
    public static String canonicalizedQuery(Map<String, String> parameters) {
        StringJoiner joined = new StringJoiner("&");
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (!name.equals("Signature")) {
                joined.add(percentEncode(name) + "=" + percentEncode(value == null ? "" : value));
            }
        });
        return joined.toString();
    }

    /** The string to sign for an HTTP method (GET or POST) and the request parameters. */
    public static String stringToSign(String httpMethod, Map<String, String> parameters) {
        return httpMethod + "&" + percentEncode("/") + "&" + percentEncode(canonicalizedQuery(parameters));
    }

    /** The Base64 signature of the request parameters with the AccessKey secret. */
    public static String sign(String httpMethod, Map<String, String> parameters, String accessKeySecret) {
        byte[] mac = hmac("HmacSHA1", (accessKeySecret + "&").getBytes(StandardCharsets.UTF_8),
                stringToSign(httpMethod, parameters));
        return Base64.getEncoder().encodeToString(mac);
    }

    static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is a required algorithm of every Java platform", e);
        }
    }
}
