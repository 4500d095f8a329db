package dev.marina.operator.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines the engine wrote. In the pod the engine writes to the agent, which passes every line on to its own
 * output ({@code kubectl logs}) and keeps the last ones for the operator ({@code marina logs}): nothing grows on the
 * volume.
 */
final class EngineOutput {

    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    EngineOutput(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    synchronized List<String> last(int count) {
        List<String> all = new ArrayList<>(lines);
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** The last line that says something, for a short reason why the engine stopped. */
    synchronized String lastLine() {
        for (var iterator = lines.descendingIterator(); iterator.hasNext(); ) {
            String line = iterator.next().strip();
            if (!line.isEmpty()) {
                return line;
            }
        }
        return "";
    }
}
