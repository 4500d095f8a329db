package dev.marina.operator.render;

import dev.marina.control.member.MemberIdentity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;

/**
 * A member's ConfigMap and Secret: its plan's files, which the agent copies into place at every start. The operator
 * rewrites them when the plan changes (a new primary, a changed setting); a running member gets the same files from
 * the operator through its agent at once, so the kubelet's delay in refreshing mounted volumes never delays a reload.
 */
public final class MemberFilesRenderer {

    private MemberFilesRenderer() {}

    public static ConfigMap configMap(
            String engine, MemberIdentity member, String namespace, MemberPlanFiles files, List<OwnerReference> owner) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ObjectNames.memberConfig(member))
                .withNamespace(namespace)
                .withLabels(ObjectLabels.member(engine, member))
                .withOwnerReferences(owner)
                .endMetadata()
                .withData(files.config())
                .build();
    }

    public static Secret secret(
            String engine, MemberIdentity member, String namespace, MemberPlanFiles files, List<OwnerReference> owner) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(ObjectNames.memberSecret(member))
                .withNamespace(namespace)
                .withLabels(ObjectLabels.member(engine, member))
                .withOwnerReferences(owner)
                .endMetadata()
                .withType("Opaque")
                .withStringData(files.secret())
                .build();
    }
}
