package dev.marina.bench;

import java.util.Map;

/**
 * One round of the operator benchmark.
 *
 * @param clusters the DatabaseClusters created
 * @param reconciled how many got a status for their generation before the round ended
 * @param ready how many became Ready
 * @param createSeconds from the first create until the last create returned
 * @param reconciledSeconds from the first create until the last cluster was reconciled (NaN when not all were)
 * @param readySeconds from the first create until the last cluster was Ready (NaN when not all were)
 * @param objects the objects in the clusters' namespace at the end, by kind
 * @param operatorCpuSeconds the operator process's user plus system time over the round
 * @param mockServerJvmCpuSeconds the bench's own process (mock API server, mock controllers, the bench's clients)
 * @param mockServerEventLoopCpuSeconds the CPU time of the mock server's event loop threads, which answer every request
 * @param peakHeapAfterCollectionMebibytes the largest heap in use after any collection in the operator
 * @param heapAfterFullCollectionMebibytes the heap in use after a full collection once every cluster was done
 * @param peakResidentMebibytes the operator process's peak resident set
 * @param traffic the mock API server's requests and busy time over the round, by client and verb
 * @param windowSeconds the round's wall time, over which the traffic was counted
 */
record OperatorRound(
        int clusters,
        int reconciled,
        int ready,
        double createSeconds,
        double reconciledSeconds,
        double readySeconds,
        Map<String, Long> objects,
        double operatorCpuSeconds,
        double mockServerJvmCpuSeconds,
        double mockServerEventLoopCpuSeconds,
        long peakHeapAfterCollectionMebibytes,
        long heapAfterFullCollectionMebibytes,
        long peakResidentMebibytes,
        Map<String, MockApiTraffic.Counts> traffic,
        double windowSeconds) {

    boolean allReady() {
        return ready == clusters;
    }

    long requests(String client) {
        return traffic.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(client + " "))
                .mapToLong(entry -> entry.getValue().requests())
                .sum();
    }

    long totalRequests() {
        return traffic.values().stream()
                .mapToLong(MockApiTraffic.Counts::requests)
                .sum();
    }

    /** The mock API server's time answering requests, in seconds (summed over its threads). */
    double mockServerBusySeconds() {
        return traffic.values().stream()
                        .mapToLong(MockApiTraffic.Counts::nanoseconds)
                        .sum()
                / 1e9;
    }

    long totalObjects() {
        return objects.values().stream().mapToLong(Long::longValue).sum();
    }
}
