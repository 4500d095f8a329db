package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One look at whether a cluster is fully redundant: exactly one primary and every other member following it.
 *
 * @param missing what keeps the cluster from full redundancy, one readable sentence each; empty when it is full
 */
public record RedundancyCheck(List<String> missing) {

    public RedundancyCheck {
        missing = List.copyOf(requireNonNull(missing, "missing is null"));
    }

    public boolean isFull() {
        return missing.isEmpty();
    }
}
