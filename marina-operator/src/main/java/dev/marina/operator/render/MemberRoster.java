package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.api.EngineDescription;
import dev.marina.control.member.MemberIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which members a cluster has and who is primary: what the operator knows from its store, or, for a cluster that does
 * not exist yet, how it starts ({@link #initial}).
 *
 * @param members every member, in the order their objects are listed
 * @param primary the primary's name; empty when nobody knows it, and then every member keeps the role its data gives it
 * @param synchronousStandbys the members a commit may wait for
 */
public record MemberRoster(List<MemberIdentity> members, Optional<String> primary, List<String> synchronousStandbys) {

    public MemberRoster {
        members = List.copyOf(members);
        requireNonNull(primary, "primary is null");
        synchronousStandbys = List.copyOf(synchronousStandbys);
    }

    /**
     * The members a new cluster gets, ordinals from 0 per component, and the roles it starts with: the first member of
     * the data component initialises the data and is primary, the others are its standbys.
     */
    public static MemberRoster initial(String cluster, ClusterSpec spec, EngineDescription engine) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(engine, "engine is null");
        List<MemberIdentity> members = new ArrayList<>();
        for (Map.Entry<String, EngineDescription.ComponentDescription> component :
                engine.components().entrySet()) {
            var given = spec.components().get(component.getKey());
            if (given == null) {
                continue;
            }
            int replicas = given.replicasOrDefault(component.getValue().defaultReplicas());
            for (int ordinal = 0; ordinal < replicas; ordinal++) {
                members.add(new MemberIdentity(cluster, component.getKey(), ordinal));
            }
        }
        String dataComponent = engine.dataComponent();
        List<String> data = members.stream()
                .filter(member -> member.component().equals(dataComponent))
                .map(MemberIdentity::name)
                .toList();
        Optional<String> primary = data.stream().findFirst();
        return new MemberRoster(members, primary, data.stream().skip(1).toList());
    }
}
