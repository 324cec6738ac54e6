package dev.acs.testing.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request parameters of the Alibaba Cloud OpenAPI (RPC style) as the stubs check them: required values, bounded
 * integers, indexed lists ({@code Name.1, Name.2, ...}), tags, JSON id arrays, client tokens and the two paging
 * styles; a bad parameter throws the {@link StubApiError} the real API answers.
 */
final class OpenApiParams {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApiParams() {
    }

    /**
     * The ClientToken parameter, checked as ECS documents it: a case-sensitive string of at most 64 ASCII
     * characters. A token names one successful request: repeated with the same parameters it answers that
     * request's result and creates nothing; with other parameters it fails with {@code IdempotentParameterMismatch}.
     * A request that failed (no stock, quota) does not use its token up.
     */
    static String clientToken(Map<String, String> p) {
        String token = p.get("ClientToken");
        if (token != null && (token.isEmpty() || token.length() > 64 || !token.chars().allMatch(c -> c > 32 && c < 127))) {
            throw StubApiError.invalid("ClientToken", token + " (at most 64 ASCII characters)");
        }
        return token;
    }

    /** PageNumber / PageSize paging with TotalCount, or MaxResults / NextToken paging when MaxResults is given. */
    static <T> List<T> page(Map<String, String> p, List<T> all, int maxPageSize, ObjectNode body) {
        if (p.containsKey("MaxResults")) {
            int max = intParam(p, "MaxResults", 10, 1, maxPageSize);
            int from = p.containsKey("NextToken") && !p.get("NextToken").isEmpty() ? intParam(p, "NextToken", 0, 0,
                    Integer.MAX_VALUE) : 0;
            int to = Math.min(all.size(), from + max);
            body.put("NextToken", to < all.size() ? Integer.toString(to) : "");
            return all.subList(Math.min(from, all.size()), to);
        }
        int number = intParam(p, "PageNumber", 1, 1, Integer.MAX_VALUE);
        int size = intParam(p, "PageSize", 10, 1, maxPageSize);
        body.put("TotalCount", all.size());
        body.put("PageNumber", number);
        body.put("PageSize", size);
        long from = (long) (number - 1) * size;
        return from >= all.size() ? List.of() : all.subList((int) from, (int) Math.min(all.size(), from + size));
    }

    /** A parameter that must be present and not empty, else {@code MissingParameter}. */
    static String required(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null || value.isEmpty()) {
            throw StubApiError.missing(name);
        }
        return value;
    }

    /** An integer parameter in {@code min-max}, {@code fallback} when absent, else {@code InvalidParameter}. */
    static int intParam(Map<String, String> p, String name, int fallback, int min, int max) {
        String value = p.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw StubApiError.invalid(name, value + " (allowed " + min + "-" + max + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw StubApiError.invalid(name, value);
        }
    }

    /** Parameters {@code prefix.1, prefix.2, ...} in order. */
    static List<String> indexed(Map<String, String> p, String prefix) {
        List<String> values = new ArrayList<>();
        for (int n = 1; p.containsKey(prefix + "." + n); n++) {
            values.add(p.get(prefix + "." + n));
        }
        return values;
    }

    /** The {@code Tag.n.Key} / {@code Tag.n.Value} pairs, checked as ECS checks tag keys (at most 20). */
    static Map<String, String> tags(Map<String, String> p) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int n = 1; p.containsKey("Tag." + n + ".Key"); n++) {
            String key = p.get("Tag." + n + ".Key");
            String lower = key.toLowerCase(Locale.ROOT);
            if (key.isEmpty() || key.length() > 128 || lower.startsWith("aliyun") || lower.startsWith("acs:")
                    || lower.startsWith("http://") || lower.startsWith("https://")) {
                throw new StubApiError(400, "InvalidTagKey.Malformed", "The specified Tag.n.Key '" + key
                        + "' is invalid.");
            }
            tags.put(key, p.getOrDefault("Tag." + n + ".Value", ""));
        }
        if (tags.size() > 20) {
            throw new StubApiError(400, "InvalidTagCount", "The number of tags exceeds 20.");
        }
        return tags;
    }

    /** A JSON array of at most 100 instance ids ({@code InstanceIds}). */
    static List<String> jsonIds(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isArray() || node.size() > 100) {
                throw new StubApiError(400, "InvalidInstanceIds.Malformed",
                        "The specified InstanceIds must be a JSON array of at most 100 ids.");
            }
            List<String> ids = new ArrayList<>();
            node.forEach(id -> ids.add(id.asText()));
            return ids;
        } catch (JsonProcessingException e) {
            throw new StubApiError(400, "InvalidInstanceIds.Malformed", "The specified InstanceIds is not JSON.");
        }
    }
}
