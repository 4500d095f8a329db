package dev.marina.control.service;

import static java.util.Objects.requireNonNull;

import dev.marina.api.validation.ClusterValidator;
import dev.marina.control.member.Credentials;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may read a cluster's topology besides the holders of the API token: the cluster's gateways, with the secret they
 * share with the control plane ({@link Credentials#GATEWAY}). That secret opens its own cluster's topology and nothing
 * else. A cluster that does not exist, or a name no cluster can have, admits nobody: a wrong token and an unknown
 * cluster get the same answer, so a caller without the secret learns nothing about which clusters exist.
 */
public final class TopologyAccess {

    private final Function<String, Optional<String>> gatewaySecrets;

    /** @param gatewaySecrets a cluster's gateway secret by cluster name; empty for an unknown cluster */
    public TopologyAccess(Function<String, Optional<String>> gatewaySecrets) {
        this.gatewaySecrets = requireNonNull(gatewaySecrets, "gatewaySecrets is null");
    }

    /** Whether {@code authorization} (a header's value, or null) opens the topology of {@code cluster}. */
    public boolean admits(String cluster, String authorization) {
        // Checked before the store is asked, so that no made-up name reaches it (on Kubernetes, an API request).
        if (cluster == null || ClusterValidator.checkClusterName(cluster).isPresent()) {
            return false;
        }
        return gatewaySecrets
                .apply(cluster)
                .filter(secret -> BearerAuthorization.carries(authorization, secret))
                .isPresent();
    }
}
