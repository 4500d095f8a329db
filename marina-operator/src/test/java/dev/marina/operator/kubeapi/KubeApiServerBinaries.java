package dev.marina.operator.kubeapi;

import static org.junit.jupiter.api.extension.ConditionEvaluationResult.disabled;
import static org.junit.jupiter.api.extension.ConditionEvaluationResult.enabled;

import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.KubeAPITestException;
import io.fabric8.kubeapitest.Utils;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.binary.OSInfo;
import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only where fabric8's kube-api-test finds its binaries on this machine: kube-apiserver, etcd and kubectl
 * of one Kubernetes release. Elsewhere the test is skipped, and the reason says where the binaries go. kube-api-test
 * is never allowed to download them ({@link #configuration}): a build must not depend on a download site, and this
 * project's build machines cannot reach it.
 *
 * <p>kube-api-test looks in {@code <directory>/k8s/<version>-<os>-<arch>/} (for example
 * {@code ~/.kubeapitest/k8s/1.33.0-linux-amd64/}), where the directory is {@code ~/.kubeapitest} unless the
 * environment variable {@code KUBE_API_TEST_DIR} names another. Of several versions it takes the newest, unless
 * {@code KUBE_API_TEST_API_SERVER_VERSION} names one ({@code 1.33.0}, or {@code 1.33.*}). The binaries are those of
 * the envtest archives of kubernetes-sigs/controller-tools ({@code envtest-v1.33.0-linux-amd64.tar.gz}), which
 * {@code setup-envtest} fetches too; the CRDs' CEL rules (the quantity library) need a kube-apiserver of 1.29 or newer, as the chart does.
 *
 * <p>Where the tests must run (a CI job that provides the binaries), set {@value #REQUIRED_VARIABLE}{@code =true}:
 * missing binaries then fail the tests instead of skipping them, so that a lost directory is not a silent skip.
 */
public final class KubeApiServerBinaries implements ExecutionCondition {

    public static final String REQUIRED_VARIABLE = "MARINA_KUBE_API_SERVER_REQUIRED";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = missing();
        if (missing.isEmpty()) {
            return enabled("kube-api-test's binaries are under "
                    + versionDirectory(configuration().build()));
        }
        if (Boolean.parseBoolean(System.getenv(REQUIRED_VARIABLE))) {
            return enabled(missing.get() + " (" + REQUIRED_VARIABLE + " is true: the test runs, and fails)");
        }
        return disabled("tier 3 skipped: " + missing.get());
    }

    /**
     * What every API server of the tests starts from: never a download, and no setting left to kube-api-test's
     * environment variables for its yes/no and number settings, which it casts from text and so fails on.
     */
    public static KubeAPIServerConfigBuilder configuration() {
        return KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withWaitForEtcdHealthCheckOnStartup(true)
                .withStartupTimeout(60_000)
                // Its kubeconfig goes to the tests' clients only: the user's ~/.kube/config is left alone.
                .withUpdateKubeConfig(false);
    }

    /** Empty when kube-api-test finds its binaries; otherwise what is missing and where the binaries go. */
    public static Optional<String> missing() {
        return missing(configuration().build());
    }

    /** As {@link #missing()}, for the directory and version {@code config} names. */
    static Optional<String> missing(KubeAPIServerConfig config) {
        try {
            // kube-api-test's own search, so that this condition and the server agree; offline, it only looks.
            new BinaryManager(config).initAndDownloadIfRequired();
            return Optional.empty();
        } catch (KubeAPITestException e) {
            return Optional.of("kube-api-test has no kube-apiserver, etcd and kubectl here (" + e.getMessage()
                    + "). Put those of one Kubernetes release (1.29 or newer) in " + versionDirectory(config)
                    + ", or set KUBE_API_TEST_DIR to a directory holding k8s/<version>" + platform()
                    + "/; nothing is downloaded");
        }
    }

    private static String versionDirectory(KubeAPIServerConfig config) {
        return config.getKubeAPITestDir() + File.separator + BinaryManager.BINARY_LIST_DIR + File.separator
                + "<version>" + platform() + File.separator;
    }

    private static String platform() {
        return Utils.platformSuffix(new OSInfo());
    }
}
