package dev.acs.cloud.aliyun;

/** Which Alibaba Cloud request signature the provider uses. */
public enum SignatureVersion {
    /** RPC style: GET with the parameters and {@code Signature} in the query string, HMAC-SHA1 ({@link RpcSignature}). */
    RPC_HMAC_SHA1,
    /** V3: POST with {@code x-acs-*} headers and an {@code Authorization} header, HMAC-SHA256 ({@link Acs3Signature}). */
    ACS3_HMAC_SHA256
}
