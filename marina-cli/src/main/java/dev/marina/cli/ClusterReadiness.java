package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.Condition;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.MemberStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Whether a cluster is ready, how many of its members are, and in words what is still missing. */
public record ClusterReadiness(DatabaseCluster cluster) {

    public ClusterReadiness {
        requireNonNull(cluster, "cluster is null");
    }

    /** A member serves its role: a primary running, a replica streaming. */
    public static boolean isMemberReady(MemberStatus member) {
        return MemberStatus.STATE_RUNNING.equals(member.state()) || MemberStatus.STATE_STREAMING.equals(member.state());
    }

    /**
     * Ready as {@code marina wait} means it: the Ready condition is True, and the control plane has seen the latest
     * spec (otherwise Ready may describe the cluster as it was before the last apply).
     */
    public boolean isReady() {
        return readyCondition().map(Condition::isTrue).orElse(false) && hasObservedLatestSpec();
    }

    public boolean hasObservedLatestSpec() {
        Long generation = cluster.metadata() == null ? null : cluster.metadata().generation();
        if (generation == null) {
            return true;
        }
        Long observed = status().map(ClusterStatus::observedGeneration).orElse(null);
        return observed != null && observed >= generation;
    }

    public List<MemberStatus> members() {
        return status().map(ClusterStatus::members).orElse(List.of());
    }

    public long readyMembers() {
        return members().stream().filter(ClusterReadiness::isMemberReady).count();
    }

    /** The members the spec asks for; a component without replicas counts the members it has. */
    public long desiredMembers() {
        Map<String, ComponentSpec> components =
                cluster.spec() == null ? Map.of() : cluster.spec().components();
        if (components.isEmpty()) {
            return members().size();
        }
        long desired = 0;
        for (Map.Entry<String, ComponentSpec> component : components.entrySet()) {
            Integer replicas =
                    component.getValue() == null ? null : component.getValue().replicas();
            desired += replicas != null
                    ? replicas
                    : members().stream()
                            .filter(member -> component.getKey().equals(member.component()))
                            .count();
        }
        return desired;
    }

    /** {@code 2/3}: ready members of desired members. */
    public String readyColumn() {
        return readyMembers() + "/" + desiredMembers();
    }

    /** What stands between the cluster and ready, in one sentence for an error message. */
    public String whatIsMissing() {
        if (status().isEmpty()) {
            return "the control plane has not reported any status yet";
        }
        StringBuilder text = new StringBuilder();
        Optional<Condition> ready = readyCondition();
        if (ready.isEmpty()) {
            text.append("no Ready condition yet");
        } else if (!ready.get().isTrue()) {
            text.append("Ready is ").append(ready.get().status());
            String why = joinNonBlank(": ", ready.get().reason(), ready.get().message());
            if (!why.isEmpty()) {
                text.append(" (").append(why).append(')');
            }
        } else if (!hasObservedLatestSpec()) {
            text.append("the control plane has not yet acted on generation ")
                    .append(cluster.metadata().generation())
                    .append(" (observed ")
                    .append(status().map(ClusterStatus::observedGeneration).orElse(null))
                    .append(')');
        }
        String members = members().stream()
                .filter(member -> !isMemberReady(member))
                .map(ClusterReadiness::describeMember)
                .collect(Collectors.joining(", "));
        if (!members.isEmpty()) {
            text.append(text.isEmpty() ? "" : "; ")
                    .append("members not ready: ")
                    .append(members);
        } else if (members().size() < desiredMembers()) {
            text.append(text.isEmpty() ? "" : "; ")
                    .append(members().size())
                    .append(" of ")
                    .append(desiredMembers())
                    .append(" members exist");
        }
        return text.isEmpty() ? "not ready" : text.toString();
    }

    /** {@code demo-postgres-2 (replica, starting)} or with the member's message when it has one. */
    public static String describeMember(MemberStatus member) {
        String state = joinNonBlank(", ", member.role(), member.state());
        String described = member.name() + (state.isEmpty() ? "" : " (" + state + ")");
        return member.message() == null || member.message().isBlank() ? described : described + ": " + member.message();
    }

    private Optional<ClusterStatus> status() {
        return Optional.ofNullable(cluster.status());
    }

    private Optional<Condition> readyCondition() {
        return status().flatMap(status -> status.condition(Condition.READY));
    }

    private static String joinNonBlank(String separator, String... parts) {
        return Stream.of(parts).filter(part -> part != null && !part.isBlank()).collect(Collectors.joining(separator));
    }
}
