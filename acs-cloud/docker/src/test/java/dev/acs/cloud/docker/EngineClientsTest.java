package dev.acs.cloud.docker;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineClientsTest {
    @Test
    void theNegotiatedVersionIsTheEnginesCappedAtTheNewestKnown() {
        assertThat(EngineClients.choose("1.41", "e").getVersion()).isEqualTo("1.41");
        assertThat(EngineClients.choose("1.44", "e").getVersion()).isEqualTo("1.44");
        assertThat(EngineClients.choose("1.47", "e").getVersion()).isEqualTo(EngineClients.NEWEST);
        assertThat(EngineClients.choose("1.25", "e").getVersion()).isEqualTo("1.25");
    }

    @Test
    void tooOldEnginesAreRefusedNamingTheEngine() {
        assertThatThrownBy(() -> EngineClients.choose("1.24", "tcp://old:2375"))
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE))
                .hasMessageContaining("tcp://old:2375").hasMessageContaining("1.24");
    }
}
