package dev.acs.core.routing;

import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.Router;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** Which hosts-file entries {@link RoutingController#localDomainHosts} gives a consumer of {@code .local} domains. */
class LocalDomainHostsTest {
    private final Node n1 = RouteTablesTest.node("n1", "10.0.0.1");
    private final Node n2 = RouteTablesTest.node("n2", "10.0.0.2");

    /** A router that serves .local domains on node n1 only, at 10.213.1.1. */
    private final Router router = new Router() {
        @Override
        public CompletionStage<Void> apply(RoutingTable table) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<String> localDomainAddress(Node node) {
            return node.id().equals("n1") ? Optional.of("10.213.1.1") : Optional.empty();
        }
    };
    private final RoutingController controller = new RoutingController(router, RoutingSettings.defaults(),
            Duration.ofSeconds(5));

    private static ServiceSpec consumer(String... links) {
        return ServiceSpec.builder("client").image("alpine").externalLinks(List.of(links)).build();
    }

    @Test
    void eachLocalLinkAndItsAliasPointAtTheRouterOfTheConsumersNode() {
        assertThat(controller.localDomainHosts(consumer("RestServer.local", "db_1:db", "proxy.local:api.example.com"),
                n1)).containsExactly("restserver.local:10.213.1.1", "proxy.local:10.213.1.1",
                "api.example.com:10.213.1.1");
    }

    @Test
    void noEntryWithoutALocalLinkOrWhereTheRouterServesNone() {
        assertThat(controller.localDomainHosts(consumer("db_1:db"), n1)).isEmpty();
        assertThat(controller.localDomainHosts(consumer(), n1)).isEmpty();
        assertThat(controller.localDomainHosts(consumer("restserver.local"), n2)).isEmpty();
        assertThat(new RoutingController(null, (table) -> CompletableFuture.completedFuture(null),
                RoutingSettings.defaults(), Duration.ofSeconds(5), Duration.ZERO)
                .localDomainHosts(consumer("restserver.local"), n1)).as("no router, no routing layer").isEmpty();
    }
}
