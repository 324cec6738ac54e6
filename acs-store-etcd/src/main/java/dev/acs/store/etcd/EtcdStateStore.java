package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import javax.net.ssl.SSLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link StateStore} on an etcd cluster, so several host processes can share one control plane's state (see
 * {@link EtcdLeadership} for the one leader among them). The contract is the one every store keeps: versioned
 * entries, atomic multi-key commits that fail with {@code CONCURRENT_MODIFICATION} on a version mismatch and never
 * lose an update (each commit is an etcd transaction guarded by the modification revisions of its keys), lists by
 * prefix in key order. A commit is acknowledged once etcd has committed it on a quorum of members.
 *
 * <pre>{@code
 * try (EtcdStateStore store = EtcdStateStore.builder(List.of("https://etcd1:2379", "https://etcd2:2379"))
 *         .prefix("acs/shop-plane/").tls(caPem, certPem, keyPem).timeout(Duration.ofSeconds(5)).open()) {
 *     ControlPlane plane = ControlPlane.builder()...store(store).build();
 * }
 * }</pre>
 *
 * <p><b>Keys.</b> Everything lives under the prefix (default {@code acs/default/}), so several control planes can
 * share one etcd. A format marker there records the layout; a prefix written by a newer format is refused at open
 * with {@code STATE_CORRUPTED}. <b>Timeouts.</b> Every call waits at most the timeout (default 10 s) and then fails
 * with {@code TIMEOUT}; a commit that timed out may or may not have been applied, never partly. etcd errors and
 * unreachable members give {@code PROVIDER_UNAVAILABLE}. A closed store refuses every call with
 * {@code INVALID_STATE}. etcd limits one request to 1.5 MiB by default ({@code --max-request-bytes}), which bounds a
 * commit batch.
 */
public final class EtcdStateStore implements StateStore {
    private final Client client;
    private final EtcdKeys keys;
    private final Duration timeout;
    private final String endpoints;
    private final EtcdCommits commits;
    private volatile boolean closed;

    private EtcdStateStore(Client client, EtcdKeys keys, Duration timeout, String endpoints) {
        this.client = client;
        this.keys = keys;
        this.timeout = timeout;
        this.endpoints = endpoints;
        this.commits = new EtcdCommits(client.getKVClient(), keys, timeout, endpoints);
    }

    /** A builder for a store on the etcd members at these client URLs ({@code http://host:2379}, {@code https://...}). */
    public static Builder builder(List<String> endpoints) {
        return new Builder(endpoints);
    }

    @Override
    public Optional<StoredEntry> get(String key) {
        requireOpen();
        List<KeyValue> kvs = EtcdCalls.await(client.getKVClient().get(keys.entry(key)), timeout,
                "reading '" + key + "'", endpoints).getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(keys.decode(kvs.get(0)));
    }

    @Override
    public List<StoredEntry> list(String prefix) {
        return listing(prefix).entries();
    }

    /** The entries under {@code prefix}, sorted by key, with the etcd revision of the read (one consistent read). */
    StoreListing listing(String prefix) {
        requireOpen();
        GetResponse answer = EtcdCalls.await(client.getKVClient().get(keys.entries(prefix),
                GetOption.builder().isPrefix(true).build()), timeout, "listing '" + prefix + "'", endpoints);
        List<StoredEntry> out = new ArrayList<>(answer.getKvs().size());
        for (KeyValue kv : answer.getKvs()) {
            out.add(keys.decode(kv));
        }
        out.sort(Comparator.comparing(StoredEntry::key)); // etcd orders by UTF-8 bytes, the contract by String
        return new StoreListing(answer.getHeader().getRevision(), out);
    }

    @Override
    public List<StoredEntry> commit(List<StoreChange> changes) {
        requireOpen();
        return commits.commit(List.copyOf(changes), null);
    }

    /** A commit guarded by leadership: fails with {@code NOT_LEADER} and writes nothing once the fence is gone. */
    List<StoredEntry> commit(List<StoreChange> changes, Supplier<Fence> fence) {
        requireOpen();
        return commits.commit(List.copyOf(changes), fence);
    }

    /**
     * Joins the election of this store's control plane as {@code candidate} (a name other processes see, such as
     * {@code host-a:8080}) with a lease of {@code ttl}: a deposed or dead leader is replaced within about {@code ttl}.
     * The returned handle campaigns in the background until closed.
     */
    public EtcdLeadership leadership(String candidate, Duration ttl) {
        requireOpen();
        return new EtcdLeadership(this, candidate, ttl);
    }

    Client client() {
        return client;
    }

    /**
     * The etcd revision now, read linearizably (an answer of the members' leader): it grows with every change of any
     * key, so an unchanged revision means an unchanged store.
     */
    long revision() {
        requireOpen();
        return EtcdCalls.await(client.getKVClient().get(keys.entries(""), GetOption.builder().isPrefix(true)
                .withCountOnly(true).build()), timeout, "reading the revision", endpoints).getHeader().getRevision();
    }

    EtcdKeys keys() {
        return keys;
    }

    Duration timeout() {
        return timeout;
    }

    String endpoints() {
        return endpoints;
    }

    /** The key prefix of this control plane. */
    public String prefix() {
        return keys.prefix();
    }

    /** Closes the connections to etcd; further calls fail with {@code INVALID_STATE}. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new AcsException(ErrorCode.INVALID_STATE, "the etcd state store is closed");
        }
    }

    private void checkFormat() {
        ByteSequence marker = keys.format();
        ByteSequence mine = EtcdKeys.bytes(Integer.toString(EtcdKeys.FORMAT));
        TxnResponse r = EtcdCalls.await(client.getKVClient().txn()
                .If(new Cmp(marker, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(marker, mine, PutOption.DEFAULT))
                .Else(Op.get(marker, GetOption.DEFAULT)).commit(), timeout, "opening the store", endpoints);
        if (r.isSucceeded()) {
            return;
        }
        String found = r.getGetResponses().get(0).getKvs().get(0).getValue().toString(StandardCharsets.UTF_8);
        if (!found.equals(mine.toString(StandardCharsets.UTF_8))) {
            throw new AcsException(ErrorCode.STATE_CORRUPTED, "the state under etcd prefix '" + keys.prefix()
                    + "' has format " + found + " but this SDK reads format " + EtcdKeys.FORMAT
                    + ": a newer SDK wrote it (upgrade this host) or the prefix belongs to something else",
                    Map.of("prefix", keys.prefix(), "format", found), null);
        }
    }

    /** Options of an {@link EtcdStateStore}; {@link #open()} connects. */
    public static final class Builder {
        private final List<String> endpoints;
        private String prefix = "acs/default/";
        private Duration timeout = Duration.ofSeconds(10);
        private String user;
        private String password;
        private Path caPem;
        private Path certPem;
        private Path keyPem;

        private Builder(List<String> endpoints) {
            if (endpoints == null || endpoints.isEmpty()) {
                throw AcsException.invalidArgument("an etcd state store needs at least one endpoint");
            }
            for (String e : endpoints) {
                if (e == null || !(e.startsWith("http://") || e.startsWith("https://"))) {
                    throw AcsException.invalidArgument("etcd endpoint '" + e + "' must be an http:// or https:// URL");
                }
            }
            this.endpoints = List.copyOf(endpoints);
        }

        /** The key prefix of this control plane (default {@code acs/default/}); a {@code /} is added if missing. */
        public Builder prefix(String prefix) {
            if (prefix == null || prefix.isBlank() || prefix.chars().anyMatch(c -> c < 0x20)) {
                throw AcsException.invalidArgument("the etcd key prefix must be non-blank without control characters");
            }
            this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
            return this;
        }

        /** The longest any call waits for etcd (default 10 s). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw AcsException.invalidArgument("the etcd timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Authenticates as this etcd user (etcd's {@code auth enable}). */
        public Builder credentials(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Verifies the members' certificates with this CA bundle (PEM) for {@code https://} endpoints. */
        public Builder tls(Path caPem) {
            this.caPem = Objects.requireNonNull(caPem, "caPem");
            return this;
        }

        /** TLS with a client certificate: the CA bundle, the client certificate and its PKCS#8 key, all PEM. */
        public Builder tls(Path caPem, Path certPem, Path keyPem) {
            this.caPem = Objects.requireNonNull(caPem, "caPem");
            this.certPem = Objects.requireNonNull(certPem, "certPem");
            this.keyPem = Objects.requireNonNull(keyPem, "keyPem");
            return this;
        }

        /**
         * Connects and checks the prefix's format (writing the marker of a new prefix).
         *
         * @throws AcsException {@code TIMEOUT} or {@code PROVIDER_UNAVAILABLE} when etcd cannot be reached (nothing
         *                      is left open and no state written), {@code STATE_CORRUPTED} when the prefix holds a
         *                      newer format, {@code INVALID_ARGUMENT} for unreadable TLS files
         */
        public EtcdStateStore open() {
            ClientBuilder b = Client.builder().endpoints(endpoints.toArray(String[]::new))
                    .connectTimeout(timeout).maxInboundMessageSize(64 << 20);
            if (user != null) {
                b.user(EtcdKeys.bytes(user)).password(EtcdKeys.bytes(password));
            }
            if (caPem != null) {
                try {
                    b.sslContext(s -> {
                        s.trustManager(caPem.toFile());
                        if (certPem != null) {
                            s.keyManager(certPem.toFile(), keyPem.toFile());
                        }
                    });
                } catch (SSLException | RuntimeException e) {
                    throw AcsException.invalidArgument("the etcd TLS files cannot be used: " + e.getMessage());
                }
            }
            EtcdStateStore store = new EtcdStateStore(b.build(), new EtcdKeys(prefix), timeout,
                    String.join(",", endpoints));
            try {
                store.checkFormat();
                return store;
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
    }
}
