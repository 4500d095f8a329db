package dev.marina.bench;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.EngineCatalog;
import dev.marina.api.ObjectMeta;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.control.member.Credentials;
import dev.marina.operator.render.ClusterObjects;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.render.RenderedCredentials;
import dev.marina.testkit.FakeEngine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * What the mock API server needs by itself for N clusters, with no operator: a plain client creates each cluster's
 * DatabaseCluster and every object the operator would make for it (the rendering of a three-member cluster of the fake
 * engine: Secrets, Services, budget, and each member's ConfigMap, Secret, claim and pod), 64 requests in flight. Only
 * the writes, none of the reads, status updates or state the operator also needs: a floor under any operator's time on
 * this server. Rendered before the clock starts, so the time is the server's; which store the server keeps the
 * objects in ({@link MockApiStore}) decides most of it.
 */
final class MockServerFloor {

    private static final int IN_FLIGHT = 64;

    /**
     * How long the writes took, how many there were, and the time the mock server spent answering them (summed over
     * the requests, which it answers one at a time).
     */
    record Result(MockApiStore store, int clusters, int writes, double seconds, double answeringSeconds) {

        double writesPerSecond() {
            return writes / seconds;
        }

        double millisecondsAnsweringEach() {
            return answeringSeconds * 1_000 / writes;
        }
    }

    private MockServerFloor() {}

    static Result measure(Path repository, int clusters, MockApiStore store) throws Exception {
        FakeEngine engine = new FakeEngine();
        ClusterValidator validator = new ClusterValidator(EngineCatalog.of(List.of(engine.description())));
        Credentials credentials = RenderedCredentials.placeholders(ClusterObjects.credentialNames(engine));
        List<HasMetadata> writes = new ArrayList<>();
        for (int index = 0; index < clusters; index++) {
            String name = String.format(Locale.ROOT, "db-%04d", index);
            DatabaseCluster cluster = validator.validate(DatabaseCluster.of(
                    ObjectMeta.named(name),
                    new ClusterSpec(
                            FakeEngine.NAME,
                            null,
                            Map.of(FakeEngine.COMPONENT, new ComponentSpec(3, null, null, null)),
                            null,
                            null)));
            writes.add(OperatorRoundRunner.cluster(index));
            writes.addAll(ClusterObjects.render(
                    cluster, OperatorRoundRunner.NAMESPACE, engine, credentials, KubernetesSettings.DEFAULT));
        }
        try (MockApiServer server = MockApiServer.start(repository, store);
                KubernetesClient client = server.client("floor");
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(OperatorRoundRunner.NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
            server.traffic().reset();
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            List<Future<?>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (HasMetadata object : writes) {
                inFlight.acquire();
                done.add(threads.submit(() -> {
                    try {
                        client.resource(object).create();
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> write : done) {
                write.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long answering = server.traffic().counts().values().stream()
                    .mapToLong(MockApiTraffic.Counts::nanoseconds)
                    .sum();
            return new Result(store, clusters, writes.size(), seconds, answering / 1e9);
        }
    }
}
