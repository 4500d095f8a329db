package dev.marina.control.reconcile;

import dev.marina.api.ClusterSpec;
import dev.marina.control.engine.Engine;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.MemberContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One pass's view of a cluster, as the steps that act on it need it: its members, what they said, what was planned. */
record ClusterView(
        String name,
        ClusterSpec spec,
        Engine engine,
        Map<String, MemberContext> contexts,
        List<MemberObservation> observed,
        List<MemberObservation> stateless,
        Topology topology,
        ClusterPlan plan) {

    /** The members that hold data (not a gateway): the ones a failover or a switchover deals with. */
    List<MemberContext> dataContexts() {
        return contexts.values().stream()
                .filter(member -> !isStateless(member.name()))
                .toList();
    }

    boolean isStateless(String member) {
        return stateless.stream().anyMatch(observation -> observation.name().equals(member));
    }

    MemberContext context(String member) {
        MemberContext context = contexts.get(member);
        if (context == null) {
            throw new IllegalStateException("no member named " + member);
        }
        return context;
    }

    MemberObservation observation(String member) {
        return find(member).orElseThrow(() -> new IllegalStateException("no member named " + member));
    }

    Optional<MemberObservation> find(String member) {
        return observed.stream()
                .filter(observation -> observation.name().equals(member))
                .findFirst();
    }
}
