package dev.marina.testkit.kubernetes.mockserver;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What {@code @EnableKubernetesMockClient(crud = true)} gives a test, on the indexed store: a new, empty mock API
 * server and a client of it before each test, both closed after it. Register it on a field
 * ({@code @RegisterExtension}); it starts the server before the test's own {@code @BeforeEach} methods run, as fabric8's
 * extension does. fabric8's extension builds its dispatcher itself, so it cannot be given this one.
 */
public final class IndexedMockServerExtension implements BeforeEachCallback, AfterEachCallback {

    private final boolean https;
    private final Consumer<KubernetesClientBuilder> clientCustomizer;
    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;

    /** {@code clientCustomizer}: what fabric8's {@code kubernetesClientBuilderCustomizer} would do to the client. */
    public IndexedMockServerExtension(boolean https, Consumer<KubernetesClientBuilder> clientCustomizer) {
        this.https = https;
        this.clientCustomizer = requireNonNull(clientCustomizer, "clientCustomizer is null");
    }

    /** A mock API server on the indexed store, not yet started; the same as fabric8's extension makes otherwise. */
    public static KubernetesMockServer newServer(boolean https) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        return new KubernetesMockServer(
                new Context(Serialization.jsonMapper()),
                new MockWebServer(),
                responses,
                new IndexedMixedDispatcher(responses),
                https);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server = newServer(https);
        server.init();
        client = server.createClient(clientCustomizer);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.destroy();
        client.close();
    }

    public KubernetesMockServer server() {
        return requireNonNull(server, "the mock API server starts before each test");
    }

    public NamespacedKubernetesClient client() {
        return requireNonNull(client, "the mock API server starts before each test");
    }
}
