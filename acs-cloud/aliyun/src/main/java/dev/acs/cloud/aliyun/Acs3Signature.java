package dev.acs.cloud.aliyun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The V3 signature of the Alibaba Cloud OpenAPI ({@code ACS3-HMAC-SHA256}):
 * <pre>
 * CanonicalRequest = Method + "\n" + CanonicalURI + "\n" + CanonicalQueryString + "\n" + CanonicalHeaders + "\n"
 *                    + SignedHeaders + "\n" + HexEncode(SHA256(body))
 * StringToSign     = "ACS3-HMAC-SHA256\n" + HexEncode(SHA256(CanonicalRequest))
 * Signature        = HexEncode(HMAC-SHA256(AccessKeySecret, StringToSign))
 * Authorization    = "ACS3-HMAC-SHA256 Credential=" + AccessKeyId + ",SignedHeaders=" + SignedHeaders
 *                    + ",Signature=" + Signature
 * </pre>
 * The signed headers are {@code host}, {@code content-type} and every {@code x-acs-*} header, lower-cased, sorted,
 * each canonical entry {@code name:trimmed-value\n}. The query string is encoded as in {@link RpcSignature}.
 */
public final class Acs3Signature {
    /** The signature algorithm name. */
    public static final String ALGORITHM = "ACS3-HMAC-SHA256";

    private Acs3Signature() {
    }

    /** Lower-case hex SHA-256 of the request body (empty array for no body). */
    public static String hashedPayload(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required algorithm of every Java platform", e);
        }
    }

    /** The headers that take part in the signature, lower-cased and sorted. */
    public static TreeMap<String, String> signedHeaderMap(Map<String, String> headers) {
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-type") || lower.startsWith("x-acs-")) {
                signed.put(lower, value == null ? "" : value.trim());
            }
        });
        return signed;
    }

    /** The canonical request of the V3 algorithm. */
    public static String canonicalRequest(String method, String canonicalUri, Map<String, String> query,
                                          Map<String, String> headers, String hashedPayload) {
        TreeMap<String, String> signed = signedHeaderMap(headers);
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
        return method.toUpperCase(Locale.ROOT) + "\n" + canonicalUri + "\n" + RpcSignature.canonicalizedQuery(query)
                + "\n" + canonicalHeaders + "\n" + String.join(";", signed.keySet()) + "\n" + hashedPayload;
    }

    /** The string to sign for a canonical request. */
    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + hashedPayload(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The hex signature of a canonical request. */
    public static String signature(String accessKeySecret, String canonicalRequest) {
        return HexFormat.of().formatHex(RpcSignature.hmac("HmacSHA256",
                accessKeySecret.getBytes(StandardCharsets.UTF_8), stringToSign(canonicalRequest)));
    }

    /** The full {@code Authorization} header value for a request. */
    public static String authorization(String accessKeyId, String accessKeySecret, String method, String canonicalUri,
                                       Map<String, String> query, Map<String, String> headers, String hashedPayload) {
        String canonical = canonicalRequest(method, canonicalUri, query, headers, hashedPayload);
        StringJoiner signedNames = new StringJoiner(";");
        signedHeaderMap(headers).keySet().forEach(signedNames::add);
        return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedNames
                + ",Signature=" + signature(accessKeySecret, canonical);
    }
}
