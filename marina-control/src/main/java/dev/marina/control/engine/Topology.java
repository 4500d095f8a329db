package dev.marina.control.engine;

import dev.marina.control.member.MemberContext;
import java.util.List;
import java.util.Optional;

/**
 * Who is who when a member is rendered: the primary, and the replicas whose changes must be confirmed before a commit
 * returns. The primary is empty when nobody knows it yet (members are starting up after their records were lost): then
 * every member keeps the role its own data says it has, and engines must not change it.
 */
public record Topology(Optional<MemberContext> primary, List<String> synchronousStandbys, boolean synchronous) {

    public Topology {
        synchronousStandbys = List.copyOf(synchronousStandbys);
    }

    public boolean isPrimary(MemberContext member) {
        return primary.map(p -> p.identity().equals(member.identity())).orElse(false);
    }

    /** Whether the primary is known; when not, a member keeps the role its data gives it. */
    public boolean isKnown() {
        return primary.isPresent();
    }
}
