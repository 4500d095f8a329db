package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.marina.control.member.CredentialGenerator;
import dev.marina.control.store.ClusterStore;
import dev.marina.operator.render.ClusterSecretsRenderer;

/**
 * The token the operator authenticates to a cluster's agents with: the store's {@value
 * ClusterSecretsRenderer#AGENT_TOKEN} secret, the one the cluster's credentials Secret carries into every pod. The
 * operator's controller generates it before the control core runs; the runtime generates it itself only when it runs
 * without the controller (the control core alone, as in tests), under the same name, so both find the same one.
 */
final class AgentTokens {

    private final ClusterStore store;

    AgentTokens(ClusterStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    String of(String cluster) {
        return store.secret(cluster, ClusterSecretsRenderer.AGENT_TOKEN).orElseGet(() -> {
            String generated = CredentialGenerator.password();
            store.saveSecret(cluster, ClusterSecretsRenderer.AGENT_TOKEN, generated);
            return generated;
        });
    }
}
