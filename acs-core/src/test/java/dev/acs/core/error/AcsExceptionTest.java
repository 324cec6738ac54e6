package dev.acs.core.error;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class AcsExceptionTest {

    @Test
    void messageStartsWithTheCodeAndTheReasonIsWithoutIt() {
        AcsException e = new AcsException(ErrorCode.TIMEOUT, "container web_1 was not healthy within PT1M");
        assertThat(e.getMessage()).isEqualTo("TIMEOUT: container web_1 was not healthy within PT1M");
        assertThat(e.reason()).isEqualTo("container web_1 was not healthy within PT1M");
        AcsException wrapped = new AcsException(e.code(), "update failed and was rolled back: " + e.reason(), e);
        assertThat(wrapped.getMessage()).isEqualTo("TIMEOUT: update failed and was rolled back: container web_1 was "
                + "not healthy within PT1M");
        assertThat(wrapped.getCause()).isSameAs(e);
    }

    @Test
    void detailsAreCopiedAndShorthandsNameWhatIsWrong() {
        Map<String, String> details = new java.util.HashMap<>(Map.of("node", "n1"));
        AcsException e = new AcsException(ErrorCode.MIGRATION_FAILED, "no room", details, null);
        details.put("node", "n2");
        assertThat(e.details()).containsExactly(Map.entry("node", "n1"));
        assertThat(AcsException.notFound("cluster", "c1").details()).containsEntry("entity", "cluster").containsEntry("id", "c1");
        assertThat(AcsException.invalidArgument("scale -1").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatNullPointerException().isThrownBy(() -> new AcsException(null, "x"));
        assertThatNullPointerException().isThrownBy(() -> new AcsException(ErrorCode.INTERNAL, null));
    }
}
