package dev.acs.core.model;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every state table both ways: each allowed move succeeds and each other move is refused with INVALID_STATE naming
 * the entity, the from and the to state. The expected tables are restated here as text, independently of the enums,
 * from spec/lifecycle.md §3.2, §4.2, §7.2, §9.2 and §10.2.
 */
class StateTablesTest {

    private static final Map<Class<?>, String> EXPECTED = Map.of(
            ClusterState.class, """
                    INITIAL -> RUNNING FAILED
                    RUNNING -> UPDATING SCALING DELETING
                    UPDATING -> RUNNING
                    SCALING -> RUNNING
                    FAILED -> DELETING
                    DELETING -> DELETED DELETE_FAILED
                    DELETE_FAILED -> DELETING
                    DELETED ->
                    """,
            NodeState.class, """
                    INITIALIZING -> NORMAL FAILED REMOVING
                    NORMAL -> UNREACHABLE MIGRATING RESETTING REMOVING UPGRADING
                    UNREACHABLE -> NORMAL MIGRATING RESETTING REMOVING
                    MIGRATING -> RESETTING REMOVING NORMAL
                    RESETTING -> INITIALIZING FAILED
                    REMOVING -> REMOVED
                    UPGRADING -> NORMAL UNREACHABLE
                    FAILED -> INITIALIZING RESETTING REMOVING
                    REMOVED ->
                    DRAINED ->
                    """,
            AppState.class, """
                    DEPLOYING -> READY FAILED STOPPING DELETING
                    READY -> STOPPING UPDATING BLUE_GREEN_RELEASING DELETING FAILED
                    FAILED -> UPDATING STOPPING DELETING READY
                    STOPPING -> STOPPED FAILED DELETING
                    STOPPED -> STARTING UPDATING DELETING
                    STARTING -> READY FAILED STOPPING DELETING
                    UPDATING -> READY FAILED STOPPING DELETING
                    BLUE_GREEN_RELEASING -> READY FAILED STOPPING BLUE_GREEN_PENDING_CONFIRM DELETING
                    BLUE_GREEN_PENDING_CONFIRM -> READY DELETING
                    DELETING -> DELETED FAILED
                    DELETED ->
                    """,
            ServiceState.class, """
                    DEPLOYING -> READY FAILED DELETING
                    READY -> UPDATING STOPPING SCALING RESCHEDULING FAILED DELETING
                    UPDATING -> READY FAILED DELETING
                    STOPPING -> STOPPED FAILED DELETING
                    STOPPED -> STARTING UPDATING DELETING
                    STARTING -> READY FAILED DELETING
                    SCALING -> READY FAILED DELETING
                    RESCHEDULING -> READY FAILED DELETING
                    FAILED -> UPDATING STOPPING SCALING RESCHEDULING STARTING DELETING
                    DELETING -> DELETED
                    DELETED ->
                    """,
            ContainerState.class, """
                    CREATED -> RUNNING EXITED REMOVED
                    RUNNING -> RESTARTING STOPPED EXITED REMOVED
                    RESTARTING -> RUNNING EXITED STOPPED REMOVED
                    STOPPED -> RUNNING REMOVED
                    EXITED -> RUNNING RESTARTING REMOVED
                    REMOVED ->
                    """);

    static Stream<Arguments> everyPair() {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<Class<?>, String> table : EXPECTED.entrySet()) {
            Map<String, Set<String>> allowed = parse(table.getValue());
            Enum<?>[] states = (Enum<?>[]) table.getKey().getEnumConstants();
            assertThat(allowed.keySet()).as("the expected table of %s lists every state", table.getKey().getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(states).map(Enum::name).toList());
            for (Enum<?> from : states) {
                for (Enum<?> to : states) {
                    out.add(Arguments.of(table.getKey().getSimpleName(), from, to, allowed.get(from.name()).contains(to.name())));
                }
            }
        }
        return out.stream();
    }

    private static Map<String, Set<String>> parse(String table) {
        Map<String, Set<String>> allowed = new HashMap<>();
        for (String line : table.strip().split("\n")) {
            String[] parts = line.split("->");
            allowed.put(parts[0].trim(), Arrays.stream(parts.length > 1 ? parts[1].trim().split("\\s+") : new String[0])
                    .filter(s -> !s.isEmpty()).collect(Collectors.toSet()));
        }
        return allowed;
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} allowed={3}")
    @MethodSource("everyPair")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void transitionIsAllowedExactlyWhenTheTableSaysSo(String type, Enum from, Enum to, boolean allowed) {
        Lifecycle state = (Lifecycle) from;
        assertThat(state.canTransitionTo(to)).isEqualTo(allowed);
        if (allowed) {
            assertThat(state.transitionTo("test entity", to)).isSameAs(to);
        } else {
            assertThatThrownBy(() -> state.transitionTo("test entity 'x'", to))
                    .isInstanceOfSatisfying(AcsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                        assertThat(e.getMessage()).contains("test entity 'x'").contains(from.name()).contains(to.name());
                        assertThat(e.details()).containsEntry("from", from.name()).containsEntry("to", to.name())
                                .containsEntry("entity", "test entity 'x'");
                    });
        }
    }
}
