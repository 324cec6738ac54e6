package dev.acs.core.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The text {@link RecordText} makes is the one Java makes for records and collections, with masked components. */
class RecordTextTest {
    private record Plain(int n, boolean on, String name, Duration delay, List<String> empty, Map<String, Integer> none,
                         Set<Long> one, Map<String, Object> nested, RollingUpdate policy, Resources resources,
                         Object nothing) {
    }

    private record Masked(String user, String password) {
        @Override
        public String toString() {
            return RecordText.of(this, Map.of("password", v -> "***"));
        }
    }

    private record Holder(Masked inner, List<Masked> list, Plain plain) {
    }

    @Test
    void writesWhatJavaWritesForRecordsCollectionsAndNestedRecords() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("a", List.of(1, 2));
        nested.put("b", Map.of());
        nested.put("c", new Plain(0, false, null, null, List.of(), Map.of(), Set.of(), Map.of(), null, null, null));
        Plain plain = new Plain(7, true, "web", Duration.ofSeconds(3), List.of(), Map.of(), Set.of(9L), nested,
                RollingUpdate.DISABLED, new Resources(50, 16L << 20, 0), null);

        assertThat(RecordText.of(plain, Map.of())).isEqualTo(plain.toString());
        Holder holder = new Holder(new Masked("u", "secret"), List.of(new Masked("v", "other")), plain);
        assertThat(RecordText.of(holder, Map.of())).isEqualTo(holder.toString())
                .contains("inner=Masked[user=u, password=***]", "list=[Masked[user=v, password=***]]")
                .doesNotContain("secret", "other");
    }

    @Test
    void replacesTheNamedComponentsOnly() {
        Function<Object, Object> length = v -> "<" + ((String) v).length() + ">";
        assertThat(RecordText.of(new Masked("u", "p"), Map.of("user", length, "unknown", length)))
                .isEqualTo("Masked[user=<1>, password=p]");
        assertThat(RecordText.of("Renamed", new Masked("u", "p"), Map.of())).isEqualTo("Renamed[user=u, password=p]");
    }

    @Test
    void aServiceWritesItsPlainRecordsAsJavaDoes() {
        ServiceSpec s = ServiceSpec.builder("web").image("nginx:1.25").build();
        assertThat(s.toString()).contains("rollingUpdate=" + s.rollingUpdate() + ",", "batch=" + s.batch() + ",")
                .startsWith("ServiceSpec[name=web, image=nginx:1.25, command=[], ");
    }

    @Test
    void theSharedEmptyContainerSettingsReadLikeAnyOther() {
        ContainerSettings built = ContainerSettings.builder().build();
        assertThat(built).isNotSameAs(ContainerSettings.NONE);
        assertThat(ContainerSettings.NONE.toString()).isEqualTo(built.toString())
                .startsWith("ContainerSettings[readOnly=false, capAdd=[], ");
        assertThat(ContainerSettings.builder().readOnly(true).build().toString())
                .startsWith("ContainerSettings[readOnly=true, ");
    }
}
