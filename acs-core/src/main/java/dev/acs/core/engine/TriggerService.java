package dev.acs.core.engine;

import dev.acs.core.api.CreatedTrigger;
import dev.acs.core.api.Trigger;
import dev.acs.core.api.TriggerCall;
import dev.acs.core.api.TriggerSpec;
import dev.acs.core.api.TriggerType;
import dev.acs.core.api.Triggers;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The triggers of applications: created with a random token and secret, kept in the state store under
 * {@code triggers/<token>} with the SHA-256 of the secret only (the secret has 256 random bits, so no salt is
 * needed), and their call history under {@code triggercalls/<token>/} (the latest {@value #HISTORY} calls). Calls are
 * handled by {@link TriggerCalls}.
 */
final class TriggerService implements Triggers {
    static final int HISTORY = 100;
    private static final String PREFIX = "triggers/";
    private static final String CALLS = "triggercalls/";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A trigger as stored: the public fields and the secret's hash. */
    record Stored(String id, String appId, String clusterId, String appName, TriggerType type, String service,
                  int step, boolean up, String secretHash, Instant createdAt) {
        TriggerSpec spec() {
            return type == TriggerType.REDEPLOY ? TriggerSpec.redeploy() : TriggerSpec.scale(service, step, up);
        }

        Trigger trigger() {
            String payload = clusterId + "|" + appName + "|" + type.name().toLowerCase(java.util.Locale.ROOT) + "|"
                    + id + "|";
            return new Trigger(id, appId, spec(), "/hook/trigger?triggerUrl=" + Base64.getUrlEncoder()
                    .withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)), createdAt);
        }
    }

    private final EngineContext ctx;
    private final AppRecords apps;
    private final AtomicLong sequence = new AtomicLong();
    private final Object createLock = new Object();

    TriggerService(EngineContext ctx, AppRecords apps) {
        this.ctx = ctx;
        this.apps = apps;
    }

    @Override
    public CreatedTrigger create(String appId, TriggerSpec spec) {
        Application app = apps.require(appId);
        if (spec.type() == TriggerType.SCALE && app.spec().service(spec.service()).isEmpty()) {
            throw AcsException.invalidArgument("application " + app.name() + " has no service '" + spec.service()
                    + "' to scale; its services are " + app.spec().services().stream().map(s -> s.name()).toList());
        }
        String secret = random(32);
        Stored stored;
        synchronized (createLock) {
            if (stored(appId).stream().anyMatch(t -> t.type() == spec.type())) {
                throw new AcsException(ErrorCode.TRIGGER_TYPE_EXISTS, "application " + app.name() + " already has a "
                        + spec.type().name().toLowerCase(java.util.Locale.ROOT)
                        + " trigger: delete it first (one trigger per type)", Map.of("type", spec.type().name()), null);
            }
            stored = new Stored(random(16), appId, app.clusterId(), app.name(), spec.type(), spec.service(), spec.step(),
                    spec.up(), hash(secret), ctx.clock().now());
            ctx.store().put(PREFIX + stored.id(), StateStore.ANY_VERSION, EntityCodec.encode(stored));
        }
        ctx.events().publish(apps.event(appId, "TRIGGER_CREATED", "trigger " + stored.id() + " (" + spec + ") created",
                Map.of("trigger", stored.id())));
        return new CreatedTrigger(stored.trigger(), secret);
    }

    @Override
    public List<Trigger> list(String appId) {
        return stored(appId).stream().map(Stored::trigger).toList();
    }

    @Override
    public void delete(String appId, String triggerId) {
        Stored t = find(triggerId).filter(s -> s.appId().equals(appId))
                .orElseThrow(() -> AcsException.notFound("trigger", triggerId));
        List<StoreChange> changes = new ArrayList<>();
        changes.add(StoreChange.delete(PREFIX + t.id(), StateStore.ANY_VERSION));
        for (StoredEntry e : ctx.store().list(CALLS + t.id() + "/")) {
            changes.add(StoreChange.delete(e.key(), StateStore.ANY_VERSION));
        }
        ctx.store().commit(changes);
        ctx.events().publish(apps.event(appId, "TRIGGER_DELETED", "trigger " + t.id() + " deleted",
                Map.of("trigger", t.id())));
    }

    @Override
    public List<TriggerCall> history(String appId, String triggerId) {
        if (find(triggerId).filter(s -> s.appId().equals(appId)).isEmpty()) {
            return List.of();
        }
        List<TriggerCall> out = new ArrayList<>();
        for (StoredEntry e : ctx.store().list(CALLS + triggerId + "/")) {
            out.add(EntityCodec.decode(TriggerCall.class, e.key(), e.value()));
        }
        Collections.reverse(out);
        return out;
    }

    /** Records a call in the trigger's history, keeping the latest {@value #HISTORY}. */
    void record(Stored t, TriggerCall call) {
        String key = CALLS + t.id() + "/" + String.format("%015d-%09d", call.time().toEpochMilli(),
                sequence.incrementAndGet());
        ctx.store().put(key, StateStore.ANY_VERSION, EntityCodec.encode(call));
        List<StoredEntry> entries = ctx.store().list(CALLS + t.id() + "/");
        List<StoreChange> drop = new ArrayList<>();
        for (int i = 0; i < entries.size() - HISTORY; i++) {
            drop.add(StoreChange.delete(entries.get(i).key(), StateStore.ANY_VERSION));
        }
        if (!drop.isEmpty()) {
            ctx.store().commit(drop);
        }
    }

    /** The stored trigger with that token. */
    Optional<Stored> find(String id) {
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return ctx.store().get(PREFIX + id).map(e -> EntityCodec.decode(Stored.class, e.key(), e.value()));
    }

    /** Whether {@code secret} is the trigger's, compared in constant time over the hashes. */
    static boolean secretMatches(Stored t, String secret) {
        byte[] given = hash(secret == null ? "" : secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, t.secretHash().getBytes(StandardCharsets.US_ASCII));
    }

    /** Removes the triggers of a deleted application with their histories: their URLs answer 404. */
    void forget(String appId) {
        List<StoreChange> changes = new ArrayList<>();
        for (Stored t : stored(appId)) {
            changes.add(StoreChange.delete(PREFIX + t.id(), StateStore.ANY_VERSION));
            for (StoredEntry e : ctx.store().list(CALLS + t.id() + "/")) {
                changes.add(StoreChange.delete(e.key(), StateStore.ANY_VERSION));
            }
        }
        if (!changes.isEmpty()) {
            ctx.store().commit(changes);
        }
    }

    private List<Stored> stored(String appId) {
        List<Stored> out = new ArrayList<>();
        for (StoredEntry e : ctx.store().list(PREFIX)) {
            Stored s = EntityCodec.decode(Stored.class, e.key(), e.value());
            if (s.appId().equals(appId)) {
                out.add(s);
            }
        }
        out.sort(java.util.Comparator.comparing(Stored::createdAt).thenComparing(Stored::id));
        return out;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
