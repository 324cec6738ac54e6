package dev.acs.cloud.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.RestartPolicy;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stop mark: a restart policy other than the one recorded in the container's {@code dev.acs.restart} label. */
class StopMarksTest {
    @Test
    void theMarkIsAPolicyThatNeverRestartsAStoppedContainerAndDiffersFromTheOriginal() {
        assertThat(StopMarks.mark("no")).isEqualTo(RestartPolicy.unlessStoppedRestart());
        assertThat(StopMarks.mark("")).isEqualTo(RestartPolicy.unlessStoppedRestart());
        assertThat(StopMarks.mark("always")).isEqualTo(RestartPolicy.noRestart());
        assertThat(StopMarks.mark("unless-stopped")).isEqualTo(RestartPolicy.noRestart());
        assertThat(StopMarks.mark("on-failure:3")).isEqualTo(RestartPolicy.noRestart());
        assertThat(StopMarks.label(RestartPolicy.onFailureRestart(3))).isEqualTo("on-failure:3");
        assertThat(RestartPolicy.parse(StopMarks.label(RestartPolicy.onFailureRestart(3))))
                .isEqualTo(RestartPolicy.onFailureRestart(3));
    }

    @Test
    void aContainerIsMarkedWhenItsPolicyDiffersFromItsLabel() {
        assertThat(StopMarks.isMarked(container("always", "always"))).isFalse();
        assertThat(StopMarks.isMarked(container("always", "no"))).isTrue();
        assertThat(StopMarks.isMarked(container("no", "no"))).isFalse();
        assertThat(StopMarks.isMarked(container("no", ""))).as("Docker may report no policy as empty").isFalse();
        assertThat(StopMarks.isMarked(container("no", "unless-stopped"))).isTrue();
        assertThat(StopMarks.isMarked(container("on-failure:2", "on-failure"))).isFalse();
        assertThat(StopMarks.isMarked(container(null, "no"))).as("made before the label existed").isFalse();
        assertThat(StopMarks.original(container("on-failure:2", "no"))).isEqualTo("on-failure:2");
    }

    private static InspectContainerResponse container(String label, String policy) {
        Map<String, Object> labels = label == null ? Map.of() : Map.of(DockerLabels.RESTART, label);
        Map<String, Object> json = Map.of("Id", "abc", "Config", Map.of("Labels", labels),
                "HostConfig", Map.of("RestartPolicy", Map.of("Name", policy, "MaximumRetryCount", 0)));
        return new ObjectMapper().convertValue(json, InspectContainerResponse.class);
    }
}
