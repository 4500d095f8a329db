package dev.marina.operator;

import dev.marina.operator.controller.ClusterController;
import dev.marina.operator.controller.ControlSettings;
import dev.marina.operator.crd.ResourceSerialization;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.topology.TopologyEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's process, as the Helm chart runs it: settings from the environment ({@link OperatorSettings}; a bad
 * value is one line naming the variable and exit code 2), a Kubernetes client from the pod's service account, the
 * operator with leader election, and the HTTP port with the health endpoints and the gateways' topology feed, which
 * every replica serves whether it leads or not. SIGTERM (a JVM shutdown hook) stops the controllers, then the HTTP
 * server with the feed's informers, then the client.
 */
public final class OperatorMain {

    /** Exit code for settings the operator cannot use. */
    public static final int INVALID_SETTINGS = 2;

    /**
     * The system property the shipped logback.xml reads for the root level; set from {@code LOG_LEVEL} before the first
     * logger is made.
     */
    public static final String LOG_LEVEL_PROPERTY = "marina.log.level";

    private OperatorMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        OperatorSettings settings;
        try {
            settings = OperatorSettings.fromEnvironment(System.getenv());
        } catch (InvalidSettingException e) {
            System.err.println("marina-operator: " + e.getMessage());
            System.exit(INVALID_SETTINGS);
            return;
        }
        System.setProperty(LOG_LEVEL_PROPERTY, settings.logLevel());
        Logger log = LoggerFactory.getLogger(OperatorMain.class);

        KubernetesClient client = new KubernetesClientBuilder()
                // fabric8's default mapper writes the model's helper getters as fields: see ResourceSerialization.
                .withKubernetesSerialization(ResourceSerialization.create())
                .build();
        KubernetesSettings kubernetes;
        try {
            kubernetes = settings.kubernetes(() -> ServiceMonitorDiscovery.served(client));
        } catch (RuntimeException e) {
            log.error(
                    "cannot start: cannot ask the API server whether it serves ServiceMonitors: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        log.info(
                "member image {} (pull policy {}, pull secrets {}); gateways find the topology feed under {};"
                        + " ServiceMonitors {}",
                kubernetes.imageTemplate(),
                kubernetes.imagePullPolicy(),
                kubernetes.imagePullSecrets().isEmpty() ? "none" : String.join(", ", kubernetes.imagePullSecrets()),
                kubernetes.controlPlaneUrl(),
                kubernetes.serviceMonitor()
                        ? "rendered"
                        : "not rendered" + (settings.serviceMonitors().isEmpty() ? " (none served)" : ""));
        Optional<MarinaOperator.LeaderElection> election = settings.leaseName()
                .map(lease ->
                        MarinaOperator.LeaderElection.inPod(lease, settings.operatorNamespace(), settings.podName()));
        MarinaOperator operator = new MarinaOperator(
                client,
                settings.watchNamespaces(),
                election,
                new ClusterController(client, ControlSettings.inCluster(kubernetes), Clock.systemUTC()));
        HealthServer health = HealthServer.start(
                settings.httpPort(),
                operator::isLive,
                operator::isReady,
                new TopologyEndpoint(client, settings.watchNamespaces(), TopologyEndpoint.INTERVAL));
        log.info("health endpoints and the gateways' topology feed on port {}", health.port());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping");
                            try {
                                operator.close();
                            } finally {
                                health.close();
                                client.close();
                                stopped.countDown();
                            }
                        },
                        "marina-operator-shutdown"));
        try {
            operator.start();
        } catch (RuntimeException e) {
            // Unreachable API server, missing CRDs, no permission: Kubernetes restarts the pod, and the log says why.
            log.error("cannot start: {}", e.getMessage(), e);
            System.exit(1);
        }
        log.info(election.isPresent() ? "started; competing for the Lease" : "started");
        stopped.await();
    }
}
