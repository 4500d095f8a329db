package dev.marina.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.Utils;
import io.fabric8.kubeapitest.binary.OSInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tier-3 condition on directories made here: what it finds, and that it only looks (offline, a lookup that
 * wanted to download would fail at once rather than reach the network).
 */
class KubeApiServerBinariesTest {

    private static final String VERSION = "1.33.0";

    @TempDir
    Path directory;

    @Test
    void neverDownloads() {
        assertThat(KubeApiServerBinaries.configuration().build().isOfflineMode())
                .isTrue();
    }

    @Test
    void anEmptyDirectoryHasNoBinariesAndTheReasonSaysWhereTheyGo() {
        assertThat(KubeApiServerBinaries.missing(configuration(null)))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains(
                                directory.resolve("k8s").resolve("<version>" + platform()) + "/",
                                "KUBE_API_TEST_DIR",
                                "nothing is downloaded"));
    }

    @Test
    void aReleaseWithoutEtcdIsIncomplete() throws IOException {
        Path release = release(VERSION);
        Files.createFile(release.resolve("kube-apiserver"));
        Files.createFile(release.resolve("kubectl"));

        assertThat(KubeApiServerBinaries.missing(configuration(VERSION)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("Etcd binary not found"));
    }

    @Test
    void theThreeBinariesOfAReleaseAreFoundByVersionAndAsTheNewest() throws IOException {
        Path release = release(VERSION);
        for (String binary : new String[] {"kube-apiserver", "etcd", "kubectl"}) {
            Files.createFile(release.resolve(binary));
        }

        assertThat(KubeApiServerBinaries.missing(configuration(VERSION))).isEmpty();
        assertThat(KubeApiServerBinaries.missing(configuration("1.33.*"))).isEmpty();
        assertThat(KubeApiServerBinaries.missing(configuration("1.32.0"))).isPresent();
    }

    /** The tests' configuration in this test's directory; a null version: the newest there. */
    private KubeAPIServerConfig configuration(String version) {
        return KubeApiServerBinaries.configuration()
                .withTestDir(directory.toString())
                .withApiServerVersion(version)
                .build();
    }

    private Path release(String version) throws IOException {
        return Files.createDirectories(directory.resolve("k8s").resolve(version + platform()));
    }

    private static String platform() {
        return Utils.platformSuffix(new OSInfo());
    }
}
