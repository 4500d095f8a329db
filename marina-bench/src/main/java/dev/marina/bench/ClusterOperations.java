package dev.marina.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.control.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operations of the cluster {@value MarinaCluster#NAME}, through the HTTP API: ask for one, and wait until what a
 * request started has ended, including operations the control plane started by itself. Polled often enough to see the
 * end within a few tens of milliseconds, rarely enough not to load the control plane whose work is being measured.
 */
final class ClusterOperations {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Set<String> FINISHED = Set.of("Succeeded", "Failed", "Cancelled");

    /** One operation as the API last showed it. */
    record Operation(JsonNode document) {

        String name() {
            return document.path("metadata").path("name").asText();
        }

        String type() {
            return document.path("spec").path("type").asText();
        }

        String phase() {
            return document.path("status").path("phase").asText();
        }

        String message() {
            return document.path("status").path("message").asText();
        }

        boolean finished() {
            return FINISHED.contains(phase());
        }

        JsonNode steps() {
            return document.path("status").path("steps");
        }

        /** The members its steps restarted (not those they skipped), in order. */
        List<String> restarted() {
            List<String> members = new ArrayList<>();
            for (JsonNode step : steps()) {
                if (step.path("action").asText().equals("restart")
                        && step.path("state").asText().equals("Succeeded")) {
                    members.add(step.path("member").asText());
                }
            }
            return members;
        }

        boolean switchedOver() {
            for (JsonNode step : steps()) {
                if (step.path("action").asText().equals("switchover")
                        && step.path("state").asText().equals("Succeeded")) {
                    return true;
                }
            }
            return false;
        }

        /** From its creation to its end, by the control plane's own clock; empty while it runs. */
        Optional<Double> durationSeconds() {
            JsonNode status = document.path("status");
            if (!status.hasNonNull("createdAt") || !status.hasNonNull("finishedAt")) {
                return Optional.empty();
            }
            Duration duration = Duration.between(
                    Instant.parse(status.path("createdAt").asText()),
                    Instant.parse(status.path("finishedAt").asText()));
            return Optional.of(duration.toNanos() / 1e9);
        }
    }

    /**
     * The operations started since a request, as last seen.
     *
     * @param started the operations not known before the request, oldest first
     * @param settled whether one of the awaited type exists and every one has finished
     * @param seenNanos {@link System#nanoTime()} of the look that found them settled; of the last look otherwise
     */
    record Settled(List<Operation> started, boolean settled, long seenNanos) {

        Settled {
            started = List.copyOf(started);
        }

        /** The first operation of {@code type}: the one the request asked for, or the one a spec change implied. */
        Optional<Operation> first(String type) {
            return started.stream()
                    .filter(operation -> operation.type().equals(type))
                    .findFirst();
        }
    }

    private final MarinaControlPlane marina;

    ClusterOperations(MarinaControlPlane marina) {
        this.marina = marina;
    }

    /** Asks for an operation of {@code type} with no further fields (a switchover to the best replica). */
    void create(String type) throws IOException, InterruptedException {
        marina.post("/api/v1/operations", Map.of("cluster", MarinaCluster.NAME, "type", type));
    }

    /** The names of every operation of the cluster so far, finished or not. */
    Set<String> names() {
        Set<String> names = new HashSet<>();
        for (Operation operation : list()) {
            names.add(operation.name());
        }
        return names;
    }

    /** The operations not among {@code known}, oldest first. */
    List<Operation> startedSince(Set<String> known) {
        List<Operation> started = new ArrayList<>();
        for (Operation operation : list()) {
            if (!known.contains(operation.name())) {
                started.add(operation);
            }
        }
        return started;
    }

    /**
     * Polls until an operation of {@code type} not among {@code known} exists and every operation not among them has
     * finished: a change may start more than the one operation it should, and those count too.
     */
    Settled awaitSettled(String type, Set<String> known, Duration timeout) {
        Settled[] last = {null};
        Poll.until(
                () -> {
                    List<Operation> started = startedSince(known);
                    boolean settled = started.stream()
                                    .anyMatch(operation -> operation.type().equals(type))
                            && started.stream().allMatch(Operation::finished);
                    last[0] = new Settled(started, settled, System.nanoTime());
                    return settled;
                },
                timeout,
                POLL_INTERVAL);
        return last[0];
    }

    /** Oldest first, as the API lists them. A GET inside a poll, which takes no checked exceptions. */
    private List<Operation> list() {
        String path = "/api/v1/operations?cluster=" + MarinaCluster.NAME;
        try {
            List<Operation> operations = new ArrayList<>();
            marina.get(path).forEach(operation -> operations.add(new Operation(operation)));
            return operations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }
}
