package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.marina.control.runtime.RuntimeFailure;
import dev.marina.control.store.ClusterStore;
import dev.marina.operator.render.ClusterSecretsRenderer;

/**
 * The token the operator authenticates to a cluster's agents with: the store's {@value
 * ClusterSecretsRenderer#AGENT_TOKEN} secret, the one the cluster's credentials Secret carries into every pod. The
 * control core generates it with the cluster's other credentials ({@link KubernetesRuntime#credentialNames}) before
 * any member is started.
 */
final class AgentTokens {

    private final ClusterStore store;

    AgentTokens(ClusterStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    String of(String cluster) {
        return store.secret(cluster, ClusterSecretsRenderer.AGENT_TOKEN)
                .orElseThrow(() -> new RuntimeFailure(
                        "cluster " + cluster + " has no agent token yet; its credentials are made at its next pass"));
    }
}
