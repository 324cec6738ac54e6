package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.util.List;

/**
 * A service of an application that is not deployed in the cluster ({@code external: {host, ports}},
 * {@code spec/compose-dialect.md} §5.1), e.g. a managed database. Other services link to it by name and the
 * link alias resolves to {@code host}.
 *
 * @param name  service name in the template
 * @param host  domain name or address to link to
 * @param ports ports of the external service, each 1–65535
 */
public record ExternalService(String name, String host, List<Integer> ports) {
    /** Checks the parts. */
    public ExternalService {
        if (name == null || name.isBlank() || host == null || host.isBlank()) {
            throw AcsException.invalidArgument("an external service needs a name and a host");
        }
        ports = List.copyOf(ports);
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw AcsException.invalidArgument("external service '" + name + "': port " + p + " is outside 1-65535");
            }
        }
    }
}
