package dev.acs.cloud.aliyun;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.MachineRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code RunInstances} requests of {@link AliyunEcsProvider}: their parameters, the checks that refuse before any
 * call what ECS would refuse, and the ECS form of a machine request's client token.
 */
final class EcsRunInstances {
    /** ECS allows at most this many tags per instance and per DescribeInstances filter. */
    static final int MAX_TAGS = 20;

    private final String imageId;
    private final String securityGroupId;
    private final Map<String, String> vSwitches;

    EcsRunInstances(String imageId, String securityGroupId, Map<String, String> vSwitches) {
        this.imageId = imageId;
        this.securityGroupId = securityGroupId;
        this.vSwitches = vSwitches;
    }

    /** The parameters of RunInstances for {@code request} in {@code zone} (DryRun without a client token). */
    Map<String, String> parameters(MachineRequest request, Zone zone, String clientToken, boolean dryRun) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("RegionId", zone.regionId());
        params.put("ZoneId", zone.zoneId());
        params.put("InstanceType", request.instanceType());
        params.put("ImageId", imageId);
        params.put("Amount", Integer.toString(request.count()));
        params.put("InstanceChargeType", "PostPaid");
        if (clientToken != null) {
            params.put("ClientToken", clientToken);
        }
        if (securityGroupId != null) {
            params.put("SecurityGroupId", securityGroupId);
        }
        String vSwitch = vSwitches.get(zone.zoneId());
        if (vSwitch != null) {
            params.put("VSwitchId", vSwitch);
        }
        if (dryRun) {
            params.put("DryRun", "true");
        }
        Map<String, String> tags = new LinkedHashMap<>(request.tags());
        tags.put(AliyunEcsProvider.CLIENT_TOKEN_TAG, clientToken(request.clientToken()));
        int n = 1;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            params.put("Tag." + n + ".Key", tag.getKey());
            params.put("Tag." + n + ".Value", tag.getValue());
            n++;
        }
        return params;
    }

    /** Refuses, before any call, what ECS would refuse: counts, tags, zones without a vSwitch. */
    void check(MachineRequest request, List<Zone> zones) {
        if (request.count() > 100) {
            throw AcsException.invalidArgument("ECS RunInstances creates at most 100 instances per call, got a count "
                    + "of " + request.count() + ": split the request");
        }
        if (request.tags().size() > MAX_TAGS - 1) {
            throw AcsException.invalidArgument("ECS allows " + MAX_TAGS + " tags per instance and the SDK uses one ("
                    + AliyunEcsProvider.CLIENT_TOKEN_TAG + "); the request has " + request.tags().size() + ": use at most "
                    + (MAX_TAGS - 1));
        }
        for (String key : request.tags().keySet()) {
            if (key.isBlank() || key.length() > 128 || key.startsWith("aliyun") || key.startsWith("acs:")
                    || key.startsWith("http://") || key.startsWith("https://") || key.equals(AliyunEcsProvider.CLIENT_TOKEN_TAG)) {
                throw AcsException.invalidArgument("tag key '" + key + "' is not allowed by ECS: keys are 1-128 "
                        + "characters and cannot start with aliyun, acs:, http:// or https://");
            }
        }
        if (!vSwitches.isEmpty()) {
            for (Zone zone : zones) {
                if (!vSwitches.containsKey(zone.zoneId())) {
                    throw AcsException.invalidArgument("no vSwitch is configured for zone " + zone.zoneId()
                            + "; configured zones: " + vSwitches.keySet() + ": add Builder.vSwitch(\""
                            + zone.zoneId() + "\", ...) or drop the zone from the request");
                }
            }
        }
    }

    /** ECS ClientTokens are at most 64 ASCII characters; longer or non-ASCII tokens are hashed. */
    static String clientToken(String token) {
        boolean ascii = token.chars().allMatch(c -> c > 32 && c < 127);
        return ascii && token.length() <= 64 ? token : sha256Hex(token);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required algorithm of every Java platform", e);
        }
    }
}
