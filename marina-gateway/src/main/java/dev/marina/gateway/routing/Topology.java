package dev.marina.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * Who is primary and which replicas there are, at one version of the control plane's feed. Immutable: a new feed
 * answer replaces the whole value on the event loop.
 */
public record Topology(String version, List<TopologyMember> members) {

    public static final Topology EMPTY = new Topology("", List.of());

    public Topology {
        members = List.copyOf(members);
    }

    public Optional<TopologyMember> primary() {
        return members.stream().filter(TopologyMember::primary).findFirst();
    }

    public List<TopologyMember> replicas() {
        return members.stream().filter(member -> !member.primary()).toList();
    }

    public Optional<TopologyMember> member(String name) {
        return members.stream().filter(member -> member.name().equals(name)).findFirst();
    }
}
