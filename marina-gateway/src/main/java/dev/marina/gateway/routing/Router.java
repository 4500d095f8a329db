package dev.marina.gateway.routing;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.config.GatewayConfig;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Picks the member for one transaction. Writes go to the topology's primary only; reads to the replica with the
 * fewest connections lent out (least outstanding) among those within the lag budget, else to the primary when the
 * configuration allows it. Confined to the event loop; the topology is replaced whole when the feed changes.
 */
public final class Router {

    private GatewayConfig.Routing settings;
    private final ToIntFunction<String> outstanding;
    private Topology topology = Topology.EMPTY;
    /** Found once per topology: every write transaction asks. */
    private Optional<TopologyMember> primary = Optional.empty();

    public Router(GatewayConfig.Routing settings, ToIntFunction<String> outstanding) {
        this.settings = requireNonNull(settings, "settings is null");
        this.outstanding = requireNonNull(outstanding, "outstanding is null");
    }

    /** New routing settings from a reload: the next transaction is routed by them. */
    public void settings(GatewayConfig.Routing newSettings) {
        this.settings = requireNonNull(newSettings, "newSettings is null");
    }

    public Topology topology() {
        return topology;
    }

    public void topology(Topology newTopology) {
        this.topology = requireNonNull(newTopology, "newTopology is null");
        this.primary = newTopology.primary();
    }

    public Optional<TopologyMember> forWrite() {
        return primary;
    }

    public Optional<TopologyMember> forRead() {
        Optional<TopologyMember> replica = topology.replicas().stream()
                .filter(this::withinLagBudget)
                .min(Comparator.comparingInt((TopologyMember member) -> outstanding.applyAsInt(member.name()))
                        .thenComparing(TopologyMember::name));
        if (replica.isPresent()) {
            return replica;
        }
        return GatewayConfig.Routing.FALLBACK_PRIMARY.equals(settings.readFallback()) ? forWrite() : Optional.empty();
    }

    /**
     * Bytes must be known: a replica whose position nobody knows may be anywhere. Seconds only count when known: an
     * engine that does not measure them still has the byte budget, and PostgreSQL measures them only while it streams.
     */
    private boolean withinLagBudget(TopologyMember member) {
        boolean bytes = member.lagBytes() >= 0 && member.lagBytes() <= settings.maxLagBytes();
        boolean seconds = member.lagSeconds() < 0 || member.lagSeconds() <= settings.maxLagSeconds();
        return bytes && seconds;
    }
}
