package dev.acs.cloud.docker;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.UncheckedIOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class DockerErrorsTest {
    private static final Node NODE = EndpointTest.node("tcp://10.0.0.5:2376");
    private static final Endpoint ENDPOINT = Endpoint.of(NODE);

    private static AcsException map(Throwable t) {
        return DockerErrors.map(NODE, ENDPOINT, "start container abc", t);
    }

    @Test
    void httpStatusesMapToCodes() {
        assertThat(map(new NotFoundException("Status 404: {\"message\":\"No such container: abc\"}\n")))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("No such container: abc").hasMessageNotContaining("Status 404");
        assertThat(map(new ConflictException("busy")).code()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(map(new BadRequestException("bad")).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(map(new UnauthorizedException("no")).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(map(new InternalServerErrorException("boom")).code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    }

    @Test
    void aPortAlreadyInUseNamesThePort() {
        AcsException e = map(new InternalServerErrorException("{\"message\":\"driver failed programming external "
                + "connectivity on endpoint web: Bind for 0.0.0.0:18080 failed: port is already allocated\"}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e).hasMessageContaining("host port 18080").hasMessageContaining("node-1");
        assertThat(map(new InternalServerErrorException("listen tcp4 0.0.0.0:9090: bind: address already in use"))
                .getMessage()).contains("host port 9090");
    }

    @Test
    void anUnreachableEngineNamesTheNodeAndEndpoint() {
        AcsException e = map(new RuntimeException(new ConnectException("Connection refused")));
        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(e).hasMessageContaining("node-1").hasMessageContaining("tcp://10.0.0.5:2376")
                .hasMessageContaining("Connection refused");
        assertThat(e.details()).containsEntry("node", "n1");
        assertThat(map(new UncheckedIOException(new java.io.IOException("x"))).code())
                .isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    }

    @Test
    void tlsFailuresAreUnauthorizedAndPlainHttpToATlsEngineSaysSo() {
        assertThat(map(new RuntimeException(new SSLHandshakeException("PKIX path building failed"))))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessageContaining("same cluster CA");
        assertThat(map(new BadRequestException("Client sent an HTTP request to an HTTPS server.")))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessageContaining("requires TLS");
    }

    @Test
    void ownExceptionsPassThroughAndInterruptsCancel() {
        AcsException own = AcsException.invalidArgument("mine");
        assertThat(map(new RuntimeException(own))).isSameAs(own);
        assertThat(map(new InterruptedException()).code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(map(new IllegalStateException("odd")).code()).isEqualTo(ErrorCode.INTERNAL);
    }
}
