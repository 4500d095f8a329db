package dev.marina.operator.kubeapi;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real kube-apiserver with its etcd, from fabric8's kube-api-test, started before each test and stopped after it:
 * every test begins with an empty server, as on the mock server. Register it in a static field
 * ({@code @RegisterExtension static final}); it skips the tests where the binaries are absent
 * ({@link KubeApiServerBinaries}).
 *
 * <p>It is an API server alone: no scheduler, kubelet nor controller manager. The testkit's mock controllers stand in
 * for those as on the mock server. Nothing would lift the {@code kubernetes.io/pvc-protection} finalizer either, so
 * the admission plugin that adds it is off: a deleted claim goes at once, as on a cluster once no pod uses it.
 *
 * <p>The clients authenticate with kube-api-test's client certificate, in group system:masters: they may do anything,
 * unless made to act as another user ({@link #newClientAs}).
 */
public final class KubeApiServerExtension implements ExecutionCondition, BeforeEachCallback, AfterEachCallback {

    private final KubeApiServerBinaries binaries = new KubeApiServerBinaries();
    private final Consumer<KubernetesClientBuilder> clientCustomizer;
    private KubeAPIServer server;
    private String kubeConfig;
    private KubernetesClient client;

    /** @param clientCustomizer applied to every client's builder (the serialization the tests' resources need) */
    public KubeApiServerExtension(Consumer<KubernetesClientBuilder> clientCustomizer) {
        this.clientCustomizer = requireNonNull(clientCustomizer, "clientCustomizer is null");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return binaries.evaluateExecutionCondition(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Reached without binaries only where they are required: say what is missing rather than kube-api-test's
        // "download is turned off".
        KubeApiServerBinaries.missing().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        KubeAPIServer started = new KubeAPIServer(KubeApiServerBinaries.configuration()
                .withApiServerFlag("--disable-admission-plugins", "StorageObjectInUseProtection")
                .build());
        try {
            started.start();
        } catch (RuntimeException e) {
            stopAfterFailedStart(started, e);
            throw e;
        }
        server = started;
        kubeConfig = started.getKubeConfigYaml();
        client = newClient();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            client = null;
            kubeConfig = null;
            if (server != null) {
                server.stop();
                server = null;
            }
        }
    }

    /** The test's client, closed after the test. */
    public KubernetesClient client() {
        if (client == null) {
            throw new IllegalStateException("no API server runs: the extension starts one before each test only");
        }
        return client;
    }

    /** A new client of the running server, as another process would have; the caller closes it. */
    public KubernetesClient newClient() {
        return newClient(config());
    }

    /**
     * A new client that acts as {@code user} in {@code groups} (by impersonation: the API server authorizes each call
     * as that user's); the caller closes it.
     */
    public KubernetesClient newClientAs(String user, List<String> groups) {
        Config config = config();
        config.setImpersonateUsername(requireNonNull(user, "user is null"));
        config.setImpersonateGroups(groups.toArray(String[]::new));
        return newClient(config);
    }

    private Config config() {
        if (kubeConfig == null) {
            throw new IllegalStateException("no API server runs: the extension starts one before each test only");
        }
        return Config.fromKubeconfig(kubeConfig);
    }

    private KubernetesClient newClient(Config config) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
        clientCustomizer.accept(builder);
        return builder.build();
    }

    /** Stops the etcd (and API server) a failed start left running; a failure to stop joins the start's. */
    private static void stopAfterFailedStart(KubeAPIServer started, RuntimeException failure) {
        try {
            started.stop();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
