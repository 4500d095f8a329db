package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.Condition;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.Endpoints;
import dev.marina.api.MemberStatus;
import dev.marina.api.ObjectMeta;
import dev.marina.api.http.ClusterEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code marina describe cluster} prints: the spec in brief, the status with its conditions and members, where to
 * connect, and what happened lately. Pure: the same inputs give the same text.
 *
 * @param cluster the cluster as the control plane returned it
 * @param events the latest events, oldest first
 * @param eventsProblem why events could not be read, or {@code null} when they could
 * @param now for ages
 */
public record ClusterDescription(
        DatabaseCluster cluster, List<ClusterEvent> events, String eventsProblem, Instant now) {

    public static final int EVENTS_SHOWN = 20;

    private static final int LABEL_WIDTH = 20;
    private static final String INDENT = "  ";

    public ClusterDescription {
        requireNonNull(cluster, "cluster is null");
        events = List.copyOf(requireNonNull(events, "events is null"));
        requireNonNull(now, "now is null");
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        ObjectMeta metadata = cluster.metadata();
        ClusterSpec spec = cluster.spec();
        ClusterStatus status = cluster.status();
        field(text, "Name", metadata == null ? null : metadata.name());
        field(text, "Engine", spec == null ? null : join(" ", spec.engine(), spec.version()));
        String created = metadata == null ? null : metadata.creationTimestamp();
        field(text, "Created", created == null ? null : created + " (" + Ages.since(created, now) + " ago)");
        field(text, "Generation", generation(metadata, status));
        field(text, "Phase", status == null ? null : status.phase());
        field(text, "Primary", status == null ? null : status.primary());
        field(text, "Epoch", status == null || status.epoch() == null ? null : String.valueOf(status.epoch()));
        field(text, "Ready members", new ClusterReadiness(cluster).readyColumn());
        if (spec != null) {
            AvailabilitySpec availability = spec.availabilityOrDefault();
            field(text, "Synchronous", String.valueOf(availability.isSynchronous()));
            field(text, "Failover", availability.failoverOrDefault());
            field(text, "Deletion protection", String.valueOf(spec.isDeletionProtected()));
            components(text, spec);
        }
        conditions(text, status == null ? List.of() : status.conditions());
        members(text, status == null ? List.of() : status.members());
        endpoints(text, status == null ? null : status.endpoints());
        events(text);
        return text.toString();
    }

    private static String generation(ObjectMeta metadata, ClusterStatus status) {
        Long generation = metadata == null ? null : metadata.generation();
        Long observed = status == null ? null : status.observedGeneration();
        if (generation == null) {
            return null;
        }
        return generation + " (observed " + (observed == null ? "none yet" : observed) + ")";
    }

    private static void components(StringBuilder text, ClusterSpec spec) {
        text.append("\nComponents:\n");
        if (spec.components().isEmpty()) {
            text.append(INDENT).append("<none>\n");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, ComponentSpec> entry : spec.components().entrySet()) {
            ComponentSpec component = entry.getValue();
            rows.add(Table.row(
                    entry.getKey(),
                    component == null ? null : component.replicas(),
                    component == null || component.storage() == null
                            ? null
                            : component.storage().size(),
                    component == null ? null : settings(component.config())));
        }
        text.append(
                Table.of(List.of("name", "replicas", "storage", "config"), rows).render(INDENT));
    }

    private static String settings(Map<String, String> config) {
        return config.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue())
                .collect(Collectors.joining(", "));
    }

    private void conditions(StringBuilder text, List<Condition> conditions) {
        text.append("\nConditions:\n");
        if (conditions.isEmpty()) {
            text.append(INDENT).append("<none>\n");
            return;
        }
        List<List<String>> rows = conditions.stream()
                .map(condition -> Table.row(
                        condition.type(),
                        condition.status(),
                        condition.reason(),
                        Ages.since(condition.lastTransitionTime(), now),
                        condition.message()))
                .toList();
        text.append(Table.of(List.of("type", "status", "reason", "age", "message"), rows)
                .render(INDENT));
    }

    private static void members(StringBuilder text, List<MemberStatus> members) {
        text.append("\nMembers:\n");
        if (members.isEmpty()) {
            text.append(INDENT).append("<none>\n");
            return;
        }
        List<List<String>> rows = members.stream()
                .map(member -> Table.row(
                        member.name(),
                        member.component(),
                        member.role(),
                        member.epoch(),
                        member.state(),
                        member.endpoint(),
                        lag(member),
                        member.pid(),
                        member.message()))
                .toList();
        text.append(Table.of(
                        List.of("name", "component", "role", "epoch", "state", "endpoint", "lag", "pid", "message"),
                        rows)
                .render(INDENT));
    }

    /** Bytes behind, and how many seconds when a second or more ({@code 0B}, {@code 1.5KiB 3s}); null when unknown. */
    static String lag(MemberStatus member) {
        String bytes = ByteSizes.format(member.lag());
        if (member.lagSeconds() == null || member.lagSeconds() < 1) {
            return bytes;
        }
        return bytes + " " + member.lagSeconds() + "s";
    }

    private static void endpoints(StringBuilder text, Endpoints endpoints) {
        text.append("\nEndpoints:\n");
        if (endpoints == null
                || (endpoints.readWrite().isEmpty() && endpoints.readOnly().isEmpty())) {
            text.append(INDENT).append("<none>\n");
            return;
        }
        text.append(INDENT)
                .append("read-write:  ")
                .append(listOrNone(endpoints.readWrite()))
                .append('\n');
        text.append(INDENT)
                .append("read-only:   ")
                .append(listOrNone(endpoints.readOnly()))
                .append('\n');
    }

    private void events(StringBuilder text) {
        text.append("\nEvents:\n");
        if (eventsProblem != null) {
            text.append(INDENT).append("<unavailable: ").append(eventsProblem).append(">\n");
            return;
        }
        if (events.isEmpty()) {
            text.append(INDENT).append("<none>\n");
            return;
        }
        List<ClusterEvent> latest = events.subList(Math.max(0, events.size() - EVENTS_SHOWN), events.size());
        List<List<String>> rows = latest.stream()
                .map(event -> Table.row(
                        Ages.since(event.time(), now), event.type(), event.reason(), event.member(), event.message()))
                .toList();
        text.append(Table.of(List.of("age", "type", "reason", "member", "message"), rows)
                .render(INDENT));
    }

    private static void field(StringBuilder text, String label, String value) {
        String shown = value == null || value.isBlank() ? "-" : value;
        text.append(label).append(':').append(" ".repeat(Math.max(1, LABEL_WIDTH - label.length())));
        text.append(shown).append('\n');
    }

    private static String listOrNone(List<String> values) {
        return values.isEmpty() ? "<none>" : String.join(", ", values);
    }

    private static String join(String separator, String... parts) {
        return Arrays.stream(parts)
                .filter(part -> part != null && !part.isBlank())
                .collect(Collectors.joining(separator));
    }
}
