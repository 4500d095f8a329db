package dev.marina.control.engine;

import dev.marina.control.member.MemberContext;
import java.util.List;
import java.util.Optional;

/**
 * Who is who when a member is rendered: the primary (empty while the cluster is being created and the member is the
 * first), and the replicas whose changes must be confirmed before a commit returns.
 */
public record Topology(Optional<MemberContext> primary, List<String> synchronousStandbys, boolean synchronous) {

    public Topology {
        synchronousStandbys = List.copyOf(synchronousStandbys);
    }

    public boolean isPrimary(MemberContext member) {
        return primary.map(p -> p.identity().equals(member.identity())).orElse(false);
    }
}
