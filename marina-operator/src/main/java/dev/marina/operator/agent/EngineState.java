package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.runtime.ProcessState;
import java.util.OptionalInt;

/**
 * Whether the engine runs in the pod: {@code {"running": true, "pid": 42, "exitCode": null, "detail": ""}}.
 *
 * @param running whether the engine's first process lives
 * @param pid its process id while it runs; 0 otherwise
 * @param exitCode how the last engine process ended, when one ended since the agent started (128 + the signal when a
 *     signal ended it)
 * @param detail why it does not run, for people
 */
public record EngineState(boolean running, long pid, OptionalInt exitCode, String detail) {

    public EngineState {
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(detail, "detail is null");
    }

    static EngineState running(long pid) {
        return new EngineState(true, pid, OptionalInt.empty(), "");
    }

    /**
     * As the control core's runtime SPI reports it, with the pod's uid in the process's instance: the engine of a new
     * pod may well get the same process id as the one before.
     */
    public ProcessState processState(String podUid) {
        return running ? ProcessState.running(pid, podUid + "/" + pid) : ProcessState.stopped(detail);
    }

    ObjectNode toJson() {
        ObjectNode node = Serialization.json().createObjectNode();
        node.put("running", running);
        node.put("pid", pid);
        if (exitCode.isPresent()) {
            node.put("exitCode", exitCode.getAsInt());
        } else {
            node.putNull("exitCode");
        }
        node.put("detail", detail);
        return node;
    }

    static EngineState fromJson(JsonNode node) {
        JsonNode exitCode = node.path("exitCode");
        return new EngineState(
                JsonFields.bool(node, "running"),
                node.path("pid").asLong(),
                exitCode.isInt() ? OptionalInt.of(exitCode.intValue()) : OptionalInt.empty(),
                node.path("detail").asText(""));
    }
}
