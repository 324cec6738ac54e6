package dev.acs.core.engine;

import dev.acs.core.api.Applications;
import dev.acs.core.api.Operation;
import dev.acs.core.api.TriggerCall;
import dev.acs.core.api.TriggerEndpoint;
import dev.acs.core.api.TriggerRequest;
import dev.acs.core.api.TriggerResponse;
import dev.acs.core.api.TriggerType;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.ServiceSpec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The trigger endpoint ({@link TriggerEndpoint}): checks a call in the order that gives nothing away (unknown
 * trigger 404 first, then the rate limit, then the secret), then redeploys or scales through the application API as
 * the principal {@code trigger:<token>}, so the operation log records who did it.
 */
final class TriggerCalls implements TriggerEndpoint {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final EngineContext ctx;
    private final AppRecords apps;
    private final TriggerService triggers;
    private final Function<String, Applications> actingAs;
    private final int perMinute;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    /**
     * @param actingAs  the application API as a principal, unchecked (the secret is the trigger's authority)
     * @param perMinute calls a trigger accepts per minute; more answer 429
     */
    TriggerCalls(EngineContext ctx, AppRecords apps, TriggerService triggers, Function<String, Applications> actingAs,
                 int perMinute) {
        this.ctx = ctx;
        this.apps = apps;
        this.triggers = triggers;
        this.actingAs = actingAs;
        this.perMinute = perMinute;
    }

    @Override
    public TriggerResponse handle(TriggerRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("POST")) {
            return answer(405, "use GET or POST", null);
        }
        Map<String, String> query = query(request.query());
        String token = token(query.get("triggerUrl"));
        if (token == null) {
            return answer(400, "the call needs a triggerUrl parameter as the trigger's URL gives it", null);
        }
        TriggerService.Stored t = triggers.find(token).orElse(null);
        if (t == null) {
            return answer(404, "no such trigger (unknown or deleted)", null);
        }
        Instant now = ctx.clock().now();
        TriggerResponse response;
        String operationId = null;
        if (!admit(t, now)) {
            response = answer(429, "too many calls: at most " + perMinute + " per minute", null);
        } else if (!TriggerService.secretMatches(t, query.get("secret"))) {
            response = answer(403, query.containsKey("secret") ? "wrong secret" : "the call needs the secret", null);
        } else {
            Application app = apps.get(t.appId()).orElse(null);
            if (app == null) {
                response = answer(404, "no such trigger (its application was deleted)", null);
            } else if (app.state() != AppState.READY || busy(app.id())) {
                response = answer(409, "application " + app.name() + " is " + app.state()
                        + (busy(app.id()) ? " with an operation running" : "") + ": call again once it is ready", null);
            } else {
                try {
                    Operation<?> op = start(t, app);
                    operationId = op.id();
                    response = answer(202, t.spec() + " of application " + app.name() + " started", op.id());
                } catch (AcsException e) {
                    response = answer(409, e.reason(), null);
                }
            }
        }
        String outcome = message(response);
        triggers.record(t, new TriggerCall(now, request.source(), response.status(), outcome, operationId));
        ctx.events().publish(apps.event(t.appId(), "TRIGGER_CALLED", "trigger " + t.id() + " called from "
                + request.source() + ": " + response.status() + " " + outcome, Map.of("trigger", t.id(), "status",
                Integer.toString(response.status()))));
        return response;
    }

    private Operation<?> start(TriggerService.Stored t, Application app) {
        Applications api = actingAs.apply("trigger:" + t.id());
        if (t.type() == TriggerType.REDEPLOY) {
            return api.redeploy(app.id());
        }
        ServiceSpec service = app.spec().service(t.service()).orElseThrow(() -> AcsException.invalidArgument(
                "application " + app.name() + " has no service '" + t.service() + "' any more"));
        int count = Math.max(0, service.scale() + (t.up() ? t.step() : -t.step()));
        return api.scale(app.id(), service.name(), count);
    }

    private boolean busy(String appId) {
        return ctx.operations().running().stream().anyMatch(op -> op.targetId().equals(appId));
    }

    /**
     * A sliding window of the last minute's calls per trigger. A trigger's window starts from its stored call history
     * (the calls of the last minute that were not answered 429), so a restart of the control plane does not open it
     * again.
     */
    private boolean admit(TriggerService.Stored t, Instant now) {
        Deque<Instant> calls = recent.computeIfAbsent(t.id(), k -> {
            Deque<Instant> counted = new ArrayDeque<>();
            for (TriggerCall c : triggers.history(t.appId(), t.id())) { // newest first
                if (c.status() != 429 && c.time().isAfter(now.minus(WINDOW))) {
                    counted.addFirst(c.time());
                }
            }
            return counted;
        });
        synchronized (calls) {
            while (!calls.isEmpty() && !calls.peekFirst().isAfter(now.minus(WINDOW))) {
                calls.pollFirst();
            }
            if (calls.size() >= perMinute) {
                return false;
            }
            calls.addLast(now);
            return true;
        }
    }

    /** The token of a {@code triggerUrl} (base64 of {@code clusterId|appName|type|token|}), or {@code null}. */
    private static String token(String triggerUrl) {
        if (triggerUrl == null || triggerUrl.length() > 1024) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(triggerUrl), StandardCharsets.UTF_8);
            String[] parts = decoded.split("\\|", -1);
            return parts.length >= 4 ? parts[3] : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw.length() > 4096) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // a malformed escape: the parameter is ignored, and the call fails for lack of it
            }
        }
        return out;
    }

    private static TriggerResponse answer(int status, String message, String operationId) {
        return new TriggerResponse(status, "{\"status\":" + status + ",\"message\":\"" + json(message) + "\""
                + (operationId == null ? "" : ",\"operation\":\"" + operationId + "\"") + "}");
    }

    private static String message(TriggerResponse r) {
        int start = r.body().indexOf("\"message\":\"") + 11;
        int end = r.body().indexOf("\"", start);
        return r.body().substring(start, end);
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
