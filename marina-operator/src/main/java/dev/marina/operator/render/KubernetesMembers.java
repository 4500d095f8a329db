package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.control.engine.Engine;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;

/**
 * The context the engine renders a member in on Kubernetes: its DNS name, its ports and the pod's layout. What the
 * local runtime gives from MARINA_HOME and its port allocator, this gives from names alone.
 */
public final class KubernetesMembers {

    private KubernetesMembers() {}

    public static MemberContext context(
            ClusterSpec spec, MemberIdentity member, String namespace, Engine engine, Credentials credentials) {
        requireNonNull(engine, "engine is null");
        return new MemberContext(
                spec,
                member,
                new Endpoint(
                        KubernetesLayout.host(member, namespace),
                        KubernetesPorts.assign(engine.portNames(member.component()))),
                KubernetesLayout.layout(),
                credentials);
    }
}
