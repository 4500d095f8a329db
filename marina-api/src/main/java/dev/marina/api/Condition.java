package dev.marina.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A Kubernetes-style condition: a type, True/False/Unknown, and why, as of one generation of the spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
        String type, String status, String reason, String message, Long observedGeneration, String lastTransitionTime) {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";

    public Condition {
        requireNonNull(type, "type is null");
        requireNonNull(status, "status is null");
    }

    public boolean isTrue() {
        return "True".equals(status);
    }

    /**
     * A True or False condition of {@code type} as of {@code generation}, keeping the transition time of the condition
     * of the same type in {@code previous} when its status did not change.
     */
    public static Condition of(
            String type,
            boolean value,
            String reason,
            String message,
            long generation,
            List<Condition> previous,
            String now) {
        Condition fresh = new Condition(type, value ? "True" : "False", reason, message, generation, null);
        Condition before = previous.stream()
                .filter(condition -> condition.type().equals(type))
                .findFirst()
                .orElse(null);
        return fresh.transitionedFrom(before, now);
    }

    /** The same condition stamped with a transition time; keeps the old time when nothing but the message changed. */
    public Condition transitionedFrom(Condition previous, String now) {
        String time = previous != null && previous.status().equals(status) ? previous.lastTransitionTime() : now;
        return new Condition(type, status, reason, message, observedGeneration, time);
    }
}
