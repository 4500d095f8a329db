package dev.marina.bench;

import dev.marina.operator.crd.DefinitionFiles;
import dev.marina.operator.crd.ResourceSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode, as the operator's tier-2 tests run it, on the store asked for ({@link
 * MockApiStore}: the testkit's indexed one unless told otherwise), in the bench's own JVM, with the CRDs of deploy/crds
 * installed and its traffic counted ({@link MockApiTraffic}). The operator reaches it over HTTP on 127.0.0.1 from its
 * own process.
 */
final class MockApiServer implements AutoCloseable {

    /** The bench's clients call themselves "marina-bench/ROLE", so the traffic can be told apart from the operator's. */
    static final String USER_AGENT_PREFIX = "marina-bench/";

    /**
     * The mock web server logs every request through java.util.logging, hundreds of thousands here; held in a field,
     * since a logger nobody references may be collected, and its level with it.
     */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final MockApiTraffic traffic;
    private final Thread drain;

    private MockApiServer(KubernetesMockServer server, MockApiTraffic traffic, Thread drain) {
        this.server = server;
        this.traffic = traffic;
        this.drain = drain;
    }

    static MockApiServer start(Path repository, MockApiStore store) {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        MockApiTraffic traffic = new MockApiTraffic(store.dispatcher(responses));
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(Serialization.jsonMapper()), new MockWebServer(), responses, traffic, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // The mock web server keeps every request for takeRequest(); hundreds of thousands of them would fill the
        // bench's heap, so a daemon thread takes them as they come.
        Thread drain = Thread.ofPlatform()
                .daemon()
                .name("mock-api-request-drain")
                .start(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            server.takeRequest();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        MockApiServer started = new MockApiServer(server, traffic, drain);
        try (KubernetesClient client = started.client("setup")) {
            DefinitionFiles.install(client, repository.resolve("deploy/crds"));
        } catch (RuntimeException e) {
            // Vert.x's threads would keep the JVM alive after main ends.
            started.close();
            throw e;
        }
        return started;
    }

    /** Where the operator finds the API server. */
    String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /**
     * CPU time of the mock web server's Vert.x event loops so far, in nanoseconds. The server answers on one event
     * loop thread here: when it is busy for the whole wall time, the server is what bounds the benchmark.
     */
    long eventLoopCpuNanoseconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("vert.x-eventloop")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    MockApiTraffic traffic() {
        return traffic;
    }

    /** A client of the bench's, named {@code role} in the traffic counts; the caller closes it. */
    KubernetesClient client(String role) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withUserAgent(USER_AGENT_PREFIX + role)
                .withNamespace("default")
                // As for the operator (OperatorProcess): no upgrade to HTTP/2 over plain HTTP.
                .withHttp2Disable(true)
                .build();
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(ResourceSerialization.create())
                .build();
    }

    @Override
    public void close() {
        drain.interrupt();
        server.destroy();
    }
}
