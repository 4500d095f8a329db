package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.marina.control.member.MemberIdentity;
import dev.marina.operator.render.KubernetesLayout;
import dev.marina.operator.render.KubernetesPorts;
import java.net.URI;

/**
 * Where the operator reaches a member's agent. In a cluster: the member's stable DNS name on the agent's port; a test
 * gives the address of a fake agent instead.
 */
@FunctionalInterface
public interface AgentAddresses {

    URI of(MemberIdentity member);

    /** {@code http://<member>.<cluster>-members.<namespace>.svc:8008}. */
    static AgentAddresses dns(String namespace) {
        requireNonNull(namespace, "namespace is null");
        return member -> URI.create("http://" + KubernetesLayout.host(member, namespace) + ":" + KubernetesPorts.AGENT);
    }
}
