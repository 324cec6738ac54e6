package dev.acs.core.engine;

import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.Resources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling update whose new declaration reserves more than the old one: the bigger replacement goes onto its old node
 * only when it fits there, else wherever it fits, else the update fails with the placement's reasons and rolls back.
 * Three nodes of 4 GiB; "a" (2 GiB) shares node 1 with "d" (2 GiB), node 2 has 2 GiB used, node 3 has 1 GiB used.
 */
class InPlaceGrowthTest extends EngineFixture {
    private static final long GIB = 1L << 30;

    private Application a;
    private String nodeOfA;

    private static AppSpec app(String name, String version, long memory) {
        return AppSpec.builder(name).version(version).service(service("s", "app:" + version)
                .reservation(new Resources(0, memory, 0)).build()).build();
    }

    @BeforeEach
    void fill() {
        a = deploy(app("a", "1", 2 * GIB));
        nodeOfA = containers(a.id(), "s").get(0).nodeId();
        deploy(app("b", "1", 2 * GIB));
        deploy(app("c", "1", GIB));
        Application d = deploy(app("d", "1", 2 * GIB));
        assertThat(containers(d.id(), "s").get(0).nodeId()).as("the scenario: d shares a's node").isEqualTo(nodeOfA);
    }

    @Test
    void aBiggerReplacementThatDoesNotFitOnItsNodeIsPlacedWhereItFits() {
        Application updated = settle(cp.applications().update(a.id(), app("a", "2", 3 * GIB), UpdateOptions.standard()));

        assertThat(updated.state()).isEqualTo(AppState.READY);
        assertThat(containers(a.id(), "s")).singleElement().satisfies(c -> {
            assertThat(c.image().tag()).isEqualTo("2");
            assertThat(c.nodeId()).as("a's node has 2 GiB left: 3 GiB does not fit there").isNotEqualTo(nodeOfA);
        });
        assertNoNodeOverCommitted();
    }

    @Test
    void aBiggerReplacementThatFitsNowhereFailsTheUpdateWithThePlacementReasonsAndRollsBack() {
        AcsException error = failure(cp.applications().update(a.id(), app("a", "2", 4 * GIB), UpdateOptions.standard()));

        assertThat(error.code()).isEqualTo(ErrorCode.PLACEMENT_UNSATISFIABLE);
        assertThat(error.getMessage()).contains("cannot be placed", "rolled back to version 1");
        assertThat(error.details()).containsKeys("task", "reasons");
        assertThat(cp.applications().require(a.id())).satisfies(back -> {
            assertThat(back.state()).isEqualTo(AppState.READY);
            assertThat(back.spec().version()).isEqualTo("1");
        });
        assertThat(containers(a.id(), "s")).singleElement().satisfies(c -> {
            assertThat(c.image().tag()).isEqualTo("1");
            assertThat(c.nodeId()).isEqualTo(nodeOfA);
        });
        assertNoNodeOverCommitted();
    }

    @Test
    void aReplacementThatNeedsNoMoreRoomStaysOnItsNode() {
        Application updated = settle(cp.applications().update(a.id(), app("a", "2", 2 * GIB), UpdateOptions.standard()));

        assertThat(updated.state()).isEqualTo(AppState.READY);
        assertThat(containers(a.id(), "s")).singleElement().satisfies(c -> {
            assertThat(c.image().tag()).isEqualTo("2");
            assertThat(c.nodeId()).isEqualTo(nodeOfA);
        });
        assertNoNodeOverCommitted();
    }

    private void assertNoNodeOverCommitted() {
        Map<String, Long> reserved = new HashMap<>();
        for (Application app : cp.applications().list(cluster.id())) {
            for (Container c : cp.applications().containers(app.id())) {
                reserved.merge(c.nodeId(), app.spec().service(c.service()).orElseThrow().reservation().memoryBytes(),
                        Long::sum);
            }
        }
        assertThat(reserved).allSatisfy((node, bytes) ->
                assertThat(bytes).as("reserved on " + node).isLessThanOrEqualTo(4 * GIB));
    }
}
