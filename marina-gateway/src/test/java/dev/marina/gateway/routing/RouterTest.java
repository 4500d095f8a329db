package dev.marina.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.gateway.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final TopologyMember PRIMARY = new TopologyMember("pg-0", "127.0.0.1", 5432, true, 1, 0, 0);

    /** At most 1000 bytes and 5 seconds behind; reads fall back to the primary unless said otherwise. */
    private static final GatewayConfig.Routing BUDGET = new GatewayConfig.Routing(1000L, 5, null, null);

    @Test
    void writesGoToThePrimaryOnly() {
        Router router = router(BUDGET, Map.of(), replica("pg-1", 0, 0));

        assertThat(router.forWrite()).contains(PRIMARY);
    }

    @Test
    void readsGoToTheReplicaWithTheFewestOutstandingConnections() {
        Router router = router(BUDGET, Map.of("pg-1", 3, "pg-2", 1), replica("pg-1", 0, 0), replica("pg-2", 0, 0));

        assertThat(router.forRead()).map(TopologyMember::name).contains("pg-2");
    }

    @Test
    void aReplicaTooFarBehindInBytesOrSecondsServesNoReads() {
        Router router = router(
                BUDGET,
                Map.of("pg-1", 0, "pg-2", 0, "pg-3", 9),
                replica("pg-1", 1001, 0),
                replica("pg-2", 10, 6),
                replica("pg-3", 1000, 5));

        assertThat(router.forRead()).map(TopologyMember::name).contains("pg-3");
    }

    @Test
    void unknownBytesRuleAReplicaOutButUnknownSecondsDoNot() {
        Router router = router(BUDGET, Map.of("pg-1", 0, "pg-2", 5), replica("pg-1", -1, 0), replica("pg-2", 100, -1));

        assertThat(router.forRead()).map(TopologyMember::name).contains("pg-2");
    }

    @Test
    void withNoReplicaInBudgetReadsFallBackToThePrimaryOrFailAsConfigured() {
        TopologyMember behind = replica("pg-1", 0, 60);

        assertThat(router(BUDGET, Map.of(), behind).forRead()).contains(PRIMARY);
        GatewayConfig.Routing strict = new GatewayConfig.Routing(1000L, 5, GatewayConfig.Routing.FALLBACK_ERROR, null);
        assertThat(router(strict, Map.of(), behind).forRead()).isEmpty();
    }

    private static TopologyMember replica(String name, long lagBytes, long lagSeconds) {
        return new TopologyMember(name, "127.0.0.1", 5433, false, 1, lagBytes, lagSeconds);
    }

    private static Router router(
            GatewayConfig.Routing settings, Map<String, Integer> outstanding, TopologyMember... replicas) {
        Router router = new Router(settings, member -> outstanding.getOrDefault(member, 0));
        List<TopologyMember> members = new ArrayList<>(List.of(PRIMARY));
        members.addAll(List.of(replicas));
        router.topology(new Topology("test", members));
        return router;
    }
}
