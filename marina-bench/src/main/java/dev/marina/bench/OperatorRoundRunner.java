package dev.marina.bench;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.operator.crd.DatabaseClusterResource;
import dev.marina.testkit.FakeEngine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One round: a fresh mock API server with the CRDs and the mock pod and volume controllers, a fresh operator in its own
 * JVM (awaited ready before anything is created), then N three-member PostgreSQL clusters created one after the
 * other, as {@code kubectl apply} of a directory would, and awaited until every one is Ready.
 */
final class OperatorRoundRunner {

    static final String NAMESPACE = "bench";

    private final Path repository;
    private final OperatorOptions options;
    private final ProcessCpu cpu;

    OperatorRoundRunner(Path repository, OperatorOptions options, ProcessCpu cpu) {
        this.repository = repository;
        this.options = options;
        this.cpu = cpu;
    }

    /**
     * How long a round may take from its first create: ten times the goal at 1,000 clusters, so that a slow operator is
     * measured rather than cut off early, and a run still ends.
     */
    Duration timeout() {
        return Duration.ofSeconds(Math.max(120, options.clusters() * 3L / 5));
    }

    OperatorRound run(int round) throws Exception {
        Path directory = repository.resolve("bench-results/operator-round-" + round);
        try (MockApiServer server = MockApiServer.start(repository, options.store());
                KubernetesClient creator = server.client("creates");
                KubernetesClient watcher = server.client("watch");
                KubernetesClient controllerClient = server.client("mock-controllers");
                BenchMockControllers controllers = new BenchMockControllers(controllerClient);
                ClusterProgress progress = new ClusterProgress(watcher);
                OperatorProcess operator = OperatorProcess.start(repository, server.url(), options.heap(), directory)) {
            creator.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
            if (!operator.awaitReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException(
                        "the operator did not become ready in 60 s; see " + directory.resolve("operator.log"));
            }
            long self = ProcessHandle.current().pid();
            long operatorCpuBefore = cpu.microseconds(operator.pid());
            long selfCpuBefore = cpu.microseconds(self);
            long eventLoopBefore = server.eventLoopCpuNanoseconds();
            server.traffic().reset();
            long start = System.nanoTime();
            for (int index = 0; index < options.clusters(); index++) {
                creator.resource(cluster(index)).create();
            }
            long created = System.nanoTime();
            Progress.print("  created %d clusters in %.1f s", options.clusters(), (created - start) / 1e9);
            // The timeout counts from the first create: with a slow API server the creates alone take minutes.
            boolean allReady = progress.awaitReady(
                    options.clusters(),
                    timeout().minusNanos(System.nanoTime() - start),
                    Duration.ofSeconds(10),
                    () -> Progress.print(
                            "  %.0f s: %d reconciled, %d ready, %d requests so far%s",
                            (System.nanoTime() - start) / 1e9,
                            progress.reconciled(),
                            progress.ready(),
                            server.traffic().counts().values().stream()
                                    .mapToLong(MockApiTraffic.Counts::requests)
                                    .sum(),
                            operator.isAlive() ? "" : " (the operator exited)"));
            long end = System.nanoTime();
            Map<String, MockApiTraffic.Counts> traffic = server.traffic().counts();
            double operatorCpu = (cpu.microseconds(operator.pid()) - operatorCpuBefore) / 1e6;
            double selfCpu = (cpu.microseconds(self) - selfCpuBefore) / 1e6;
            double eventLoopCpu = (server.eventLoopCpuNanoseconds() - eventLoopBefore) / 1e9;
            long peakHeap = operator.peakHeapAfterCollectionMebibytes();
            long peakResident = operator.peakResidentMebibytes();
            long heapAfterFull = operator.isAlive() ? operator.heapAfterFullCollectionMebibytes() : -1;
            if (!allReady && controllers.lastFailure() != null) {
                Progress.print("  the last failure of a mock controller: %s", controllers.lastFailure());
            }
            return new OperatorRound(
                    options.clusters(),
                    progress.reconciled(),
                    progress.ready(),
                    (created - start) / 1e9,
                    progress.reconciled() == options.clusters()
                            ? (progress.lastReconciledAt() - start) / 1e9
                            : Double.NaN,
                    allReady ? (progress.lastReadyAt() - start) / 1e9 : Double.NaN,
                    objects(creator),
                    operatorCpu,
                    selfCpu,
                    eventLoopCpu,
                    peakHeap,
                    heapAfterFull,
                    peakResident,
                    traffic,
                    (end - start) / 1e9);
        }
    }

    /** The DatabaseCluster the bench creates as the {@code index}th: three members of the fake engine. */
    static DatabaseClusterResource cluster(int index) {
        DatabaseClusterResource resource = new DatabaseClusterResource();
        resource.setMetadata(new ObjectMetaBuilder()
                .withNamespace(NAMESPACE)
                .withName(String.format(Locale.ROOT, "db-%04d", index))
                .build());
        resource.setSpec(new ClusterSpec(
                FakeEngine.NAME,
                null,
                Map.of(FakeEngine.COMPONENT, new ComponentSpec(3, null, null, null)),
                null,
                null));
        return resource;
    }

    /** What the operator made, by kind, counted after the round (these lists are not in the traffic counts). */
    private static Map<String, Long> objects(KubernetesClient client) {
        Map<String, Function<KubernetesClient, List<? extends HasMetadata>>> kinds = new LinkedHashMap<>();
        kinds.put("Pod", api -> api.pods().inNamespace(NAMESPACE).list().getItems());
        kinds.put(
                "PersistentVolumeClaim",
                api -> api.persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems());
        kinds.put("Service", api -> api.services().inNamespace(NAMESPACE).list().getItems());
        kinds.put(
                "ConfigMap",
                api -> api.configMaps().inNamespace(NAMESPACE).list().getItems());
        kinds.put("Secret", api -> api.secrets().inNamespace(NAMESPACE).list().getItems());
        kinds.put(
                "PodDisruptionBudget",
                api -> api.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems());
        kinds.put(
                "Event", api -> api.v1().events().inNamespace(NAMESPACE).list().getItems());
        Map<String, Long> counts = new LinkedHashMap<>();
        kinds.forEach((kind, list) -> counts.put(kind, (long) list.apply(client).size()));
        return counts;
    }
}
