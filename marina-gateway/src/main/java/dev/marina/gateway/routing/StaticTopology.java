package dev.marina.gateway.routing;

import dev.marina.gateway.config.GatewayConfig;
import java.util.List;

/** A fixed member list from the configuration (benchmarks, tests, a gateway in front of hand-run servers). */
public final class StaticTopology {

    private StaticTopology() {}

    public static Topology of(List<GatewayConfig.StaticMember> members) {
        List<TopologyMember> list = members.stream()
                .map(member -> new TopologyMember(
                        member.name(), member.host(), member.port(), "primary".equals(member.role()), 0, 0))
                .toList();
        return new Topology("static", list);
    }
}
