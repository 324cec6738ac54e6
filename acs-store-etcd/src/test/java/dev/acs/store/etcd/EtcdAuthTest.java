package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.testing.etcd.EtcdCluster;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An etcd with authentication enabled (a private one-member cluster: enabling auth changes the whole cluster): a store
 * with its user's credentials works under the prefix the user may write; without credentials, with a wrong password
 * or outside its permission, {@code open()} fails with {@code PROVIDER_UNAVAILABLE} saying why, and writes nothing.
 */
class EtcdAuthTest {
    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Test
    void credentialsAreSentAndRefusalsAreClear() throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(1)) {
            try (Client admin = Client.builder().endpoints(etcd.endpoints().toArray(String[]::new)).build()) {
                var auth = admin.getAuthClient();
                auth.userAdd(bytes("root"), bytes("root-secret")).get(30, TimeUnit.SECONDS);
                auth.roleAdd(bytes("root")).get(30, TimeUnit.SECONDS);
                auth.userGrantRole(bytes("root"), bytes("root")).get(30, TimeUnit.SECONDS);
                auth.userAdd(bytes("acs"), bytes("acs-secret")).get(30, TimeUnit.SECONDS);
                auth.roleAdd(bytes("acs")).get(30, TimeUnit.SECONDS);
                auth.roleGrantPermission(bytes("acs"), bytes("acs/secure/"), bytes("acs/secure0"),
                        Permission.Type.READWRITE).get(30, TimeUnit.SECONDS);
                auth.userGrantRole(bytes("acs"), bytes("acs")).get(30, TimeUnit.SECONDS);
                auth.authEnable().get(30, TimeUnit.SECONDS);
            }

            try (EtcdStateStore store = EtcdStateStore.builder(etcd.endpoints()).prefix("acs/secure/")
                    .credentials("acs", "acs-secret").timeout(Duration.ofSeconds(10)).open()) {
                store.put("k", StateStore.ABSENT, "v".getBytes(StandardCharsets.UTF_8));
                assertThat(store.get("k").orElseThrow().version()).isEqualTo(1);
            }

            assertRefused(EtcdStateStore.builder(etcd.endpoints()).prefix("acs/secure/"),
                    "etcd requires authentication");
            assertRefused(EtcdStateStore.builder(etcd.endpoints()).prefix("acs/secure/")
                    .credentials("acs", "wrong"), "check the user name and password");
            assertRefused(EtcdStateStore.builder(etcd.endpoints()).prefix("acs/other/")
                    .credentials("acs", "acs-secret"), "no permission on this control plane's key prefix");
        }
    }

    private static void assertRefused(EtcdStateStore.Builder builder, String why) {
        assertThatThrownBy(() -> builder.timeout(Duration.ofSeconds(10)).open())
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains(why);
                });
    }
}
