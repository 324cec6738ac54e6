package dev.acs.core.placement;

import dev.acs.core.model.ImageRef;
import dev.acs.core.model.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A ledger's views are the placed containers in order at the time they were taken and never change afterwards, whatever
 * is added or removed later; a later view extends an earlier one exactly when nothing of the earlier one was removed.
 */
class PlacementLedgerTest {
    private static final ServiceSpec WEB = ServiceSpec.builder("web").image(ImageRef.parse("nginx")).build();

    /** A view as taken, with a copy of what it showed then. */
    private record Taken(List<PlacedContainer> view, List<PlacedContainer> copy) {
    }

    @Test
    void viewsStayAsTakenAndAgreeWithACopyAfterRandomAddsAndRemoves() {
        for (long seed = 1; seed <= 10; seed++) {
            Random random = new Random(seed);
            PlacementLedger<String> ledger = new PlacementLedger<>();
            Map<String, PlacedContainer> expected = new LinkedHashMap<>(); // insertion order = placement order
            List<Taken> taken = new ArrayList<>();
            int next = 0;
            for (int step = 0; step < 2_000; step++) {
                int op = random.nextInt(10);
                if (op < 6 || expected.isEmpty()) {
                    String key = "c" + next;
                    PlacedContainer c = new PlacedContainer("app", WEB, next++, "n" + random.nextInt(5));
                    ledger.add(key, c);
                    expected.put(key, c);
                } else if (op < 8) {
                    List<String> keys = new ArrayList<>(expected.keySet());
                    String key = keys.get(random.nextInt(keys.size()));
                    assertThat(ledger.remove(key)).isSameAs(expected.remove(key));
                } else {
                    List<PlacedContainer> view = ledger.view();
                    assertThat(view).as("seed %d step %d", seed, step).isEqualTo(new ArrayList<>(expected.values()));
                    if (!taken.isEmpty()) {
                        Taken last = taken.get(taken.size() - 1);
                        assertThat(PlacementLedger.extendsList(view, last.view()))
                                .as("seed %d step %d: extends the previous view", seed, step)
                                .isEqualTo(startsWith(view, last.copy()));
                    }
                    taken.add(new Taken(view, List.copyOf(view)));
                }
                String probe = "c" + random.nextInt(next + 1);
                assertThat(ledger.get(probe)).isSameAs(expected.get(probe));
                assertThat(ledger.size()).isEqualTo(expected.size());
            }
            for (Taken t : taken) {
                assertThat(t.view()).as("seed %d: a view never changes", seed).isEqualTo(t.copy());
            }
        }
    }

    private static boolean startsWith(List<PlacedContainer> list, List<PlacedContainer> prefix) {
        if (list.size() < prefix.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (list.get(i) != prefix.get(i)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aSnapshotKeepsTheViewAndAnyOtherListIsCopied() {
        PlacementLedger<String> ledger = new PlacementLedger<>();
        ledger.add("a", new PlacedContainer("app", WEB, 1, "n1"));
        List<PlacedContainer> view = ledger.view();
        assertThat(new ClusterSnapshot(List.of(), view).containers()).isSameAs(view);
        List<PlacedContainer> mutable = new ArrayList<>(view);
        ClusterSnapshot copied = new ClusterSnapshot(List.of(), mutable);
        mutable.clear();
        assertThat(copied.containers()).hasSize(1);
    }

    @Test
    void extendsListComparesOtherListsByIdentity() {
        PlacedContainer a = new PlacedContainer("app", WEB, 1, "n1");
        PlacedContainer twin = new PlacedContainer("app", WEB, 1, "n1");
        assertThat(PlacementLedger.extendsList(List.of(a, twin), List.of(a))).isTrue();
        assertThat(PlacementLedger.extendsList(List.of(twin, a), List.of(a))).isFalse();
        assertThat(PlacementLedger.extendsList(List.of(a), List.of(a, twin))).isFalse();
    }

    @Test
    void aKeyIsPlacedOnceAndViewsAreReadOnly() {
        PlacementLedger<String> ledger = new PlacementLedger<>();
        ledger.add("a", new PlacedContainer("app", WEB, 1, "n1"));
        assertThatThrownBy(() -> ledger.add("a", new PlacedContainer("app", WEB, 2, "n1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.remove("missing")).isNull();
        List<PlacedContainer> view = ledger.view();
        assertThatThrownBy(() -> view.add(new PlacedContainer("app", WEB, 3, "n1")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> view.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
