package dev.marina.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.operator.render.KubernetesSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

    /** What the chart's Deployment sets, with the default values. */
    private static Map<String, String> chart() {
        Map<String, String> environment = new HashMap<>();
        environment.put("WATCH_NAMESPACES", "");
        environment.put("OPERATOR_NAMESPACE", "marina-system");
        environment.put("POD_NAME", "marina-operator-5d9c7b-x2x7q");
        environment.put("LEADER_ELECTION_LEASE_NAME", "marina-operator-leader");
        environment.put("HTTP_PORT", "8080");
        environment.put("LOG_LEVEL", "info");
        environment.put("MEMBER_IMAGE_TEMPLATE", "ghcr.io/marina-dev/marina-{engine}:{version}");
        environment.put("MEMBER_IMAGE_PULL_POLICY", "IfNotPresent");
        environment.put("MEMBER_IMAGE_PULL_SECRETS", "");
        environment.put("CONTROL_PLANE_URL", "http://marina-operator.marina-system.svc:8080");
        environment.put("SERVICE_MONITORS", "auto");
        return environment;
    }

    @Test
    void theChartsDefaultsWatchEveryNamespaceWithLeaderElection() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(chart());

        assertThat(settings.watchNamespaces()).isEmpty();
        assertThat(settings.operatorNamespace()).isEqualTo("marina-system");
        assertThat(settings.podName()).isEqualTo("marina-operator-5d9c7b-x2x7q");
        assertThat(settings.leaseName()).contains("marina-operator-leader");
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.logLevel()).isEqualTo("INFO");
        assertThat(settings.memberImageTemplate()).isEqualTo(KubernetesSettings.DEFAULT_IMAGE_TEMPLATE);
        assertThat(settings.memberImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(settings.memberImagePullSecrets()).isEmpty();
        assertThat(settings.controlPlaneUrl()).isEqualTo(KubernetesSettings.DEFAULT_CONTROL_PLANE_URL);
        assertThat(settings.serviceMonitors()).isEmpty();
    }

    @Test
    void theMembersSettingsBecomeTheRenderingSettings() {
        Map<String, String> environment = chart();
        environment.put("MEMBER_IMAGE_TEMPLATE", "registry.example.com:5000/team/marina-{engine}:{version}-1");
        environment.put("MEMBER_IMAGE_PULL_POLICY", "always");
        environment.put("MEMBER_IMAGE_PULL_SECRETS", " registry-team , ,registry.example.com,registry-team");
        environment.put("CONTROL_PLANE_URL", "http://prod-marina-operator.databases.svc:9090/");

        KubernetesSettings kubernetes =
                OperatorSettings.fromEnvironment(environment).kubernetes(() -> false);

        assertThat(kubernetes.image("postgresql", "15"))
                .isEqualTo("registry.example.com:5000/team/marina-postgresql:15-1");
        assertThat(kubernetes.imagePullPolicy())
                .as("Kubernetes takes the exact case")
                .isEqualTo("Always");
        assertThat(kubernetes.imagePullSecrets())
                .as("in their order, each once, blanks ignored")
                .containsExactly("registry-team", "registry.example.com");
        assertThat(kubernetes.controlPlaneUrl()).isEqualTo("http://prod-marina-operator.databases.svc:9090");
        assertThat(kubernetes.runAsUser()).isEqualTo(KubernetesSettings.DEFAULT.runAsUser());
        assertThat(kubernetes.defaultStorageSize()).isEqualTo(KubernetesSettings.DEFAULT.defaultStorageSize());
    }

    @Test
    void aDigestPinnedImageNeedsNoPlaceholder() {
        String pinned = "registry.example.com/marina-postgresql@sha256:" + "0123456789abcdef".repeat(4);
        Map<String, String> environment = chart();
        environment.put("MEMBER_IMAGE_TEMPLATE", pinned);

        assertThat(OperatorSettings.fromEnvironment(environment).memberImageTemplate())
                .isEqualTo(pinned);
    }

    @Test
    void withoutTheMembersVariablesTheDefaultsHoldAndTheUrlNamesTheOperatorsNamespaceAndPort() {
        Map<String, String> environment = chart();
        environment.put("OPERATOR_NAMESPACE", "databases");
        environment.put("HTTP_PORT", "9090");
        for (String variable :
                List.of("MEMBER_IMAGE_TEMPLATE", "MEMBER_IMAGE_PULL_POLICY", "CONTROL_PLANE_URL", "SERVICE_MONITORS")) {
            environment.remove(variable);
        }

        OperatorSettings settings = OperatorSettings.fromEnvironment(environment);

        assertThat(settings.memberImageTemplate()).isEqualTo(KubernetesSettings.DEFAULT_IMAGE_TEMPLATE);
        assertThat(settings.memberImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(settings.controlPlaneUrl()).isEqualTo("http://marina-operator.databases.svc:9090");
        assertThat(settings.serviceMonitors()).isEmpty();
    }

    @Test
    void serviceMonitorsFollowTheApiServerUnlessForced() {
        Map<String, String> environment = chart();
        OperatorSettings detecting = OperatorSettings.fromEnvironment(environment);
        environment.put("SERVICE_MONITORS", "TRUE");
        OperatorSettings on = OperatorSettings.fromEnvironment(environment);
        environment.put("SERVICE_MONITORS", "false");
        OperatorSettings off = OperatorSettings.fromEnvironment(environment);
        BooleanSupplier notAsked = () -> {
            throw new AssertionError("the API server must not be asked when the setting decides");
        };

        assertThat(detecting.kubernetes(() -> true).serviceMonitor()).isTrue();
        assertThat(detecting.kubernetes(() -> false).serviceMonitor()).isFalse();
        assertThat(on.kubernetes(notAsked).serviceMonitor()).isTrue();
        assertThat(off.kubernetes(notAsked).serviceMonitor()).isFalse();
    }

    @Test
    void watchNamespacesAreCommaSeparatedAndTrimmed() {
        Map<String, String> environment = chart();
        environment.put("WATCH_NAMESPACES", "shop, billing,");

        assertThat(OperatorSettings.fromEnvironment(environment).watchNamespaces())
                .isEqualTo(Set.of("shop", "billing"));
    }

    @Test
    void withoutALeaseThereIsNoLeaderElectionAndNoPodNameIsNeeded() {
        Map<String, String> environment = chart();
        environment.remove("LEADER_ELECTION_LEASE_NAME");
        environment.remove("POD_NAME");

        assertThat(OperatorSettings.fromEnvironment(environment).leaseName()).isEqualTo(Optional.empty());
    }

    @Test
    void everyBadValueIsNamedByItsVariable() {
        assertRefused("WATCH_NAMESPACES", "shop,Billing", "WATCH_NAMESPACES: 'Billing' is not a namespace name");
        assertRefused("OPERATOR_NAMESPACE", "", "OPERATOR_NAMESPACE: missing");
        assertRefused("LEADER_ELECTION_LEASE_NAME", "Leader!", "LEADER_ELECTION_LEASE_NAME: 'Leader!' is not");
        assertRefused("POD_NAME", "", "POD_NAME: missing");
        assertRefused("HTTP_PORT", "http", "HTTP_PORT: 'http' is not a port");
        assertRefused("HTTP_PORT", "70000", "HTTP_PORT: '70000' is not a port");
        assertRefused("LOG_LEVEL", "verbose", "LOG_LEVEL: 'verbose' is not a log level");
        assertRefused(
                "MEMBER_IMAGE_TEMPLATE",
                "registry.example.com/marina-{engin}:{version}",
                "MEMBER_IMAGE_TEMPLATE: '{engin}' is not a placeholder; use {engine} and {version}");
        assertRefused(
                "MEMBER_IMAGE_TEMPLATE",
                "registry.example.com/marina-{engine:{version}",
                "MEMBER_IMAGE_TEMPLATE: '{engine:{version}' is not a placeholder");
        assertRefused(
                "MEMBER_IMAGE_TEMPLATE",
                "Registry.example.com/Marina-{engine}:{version}",
                "MEMBER_IMAGE_TEMPLATE: 'Registry.example.com/Marina-{engine}:{version}' is not an image reference"
                        + " once {engine} and {version} are filled in ('Registry.example.com/Marina-postgresql:15')");
        assertRefused(
                "MEMBER_IMAGE_TEMPLATE",
                "marina {engine}:{version}",
                "MEMBER_IMAGE_TEMPLATE: 'marina {engine}:{version}' is not an image reference");
        assertRefused(
                "MEMBER_IMAGE_PULL_POLICY",
                "IfMissing",
                "MEMBER_IMAGE_PULL_POLICY: 'IfMissing' is not a pull policy; use one of Always, IfNotPresent, Never");
        assertRefused(
                "MEMBER_IMAGE_PULL_SECRETS",
                "registry-team,Registry_Team",
                "MEMBER_IMAGE_PULL_SECRETS: 'Registry_Team' is not a Secret name (a DNS subdomain); give Secret names"
                        + " separated by commas, or nothing for a public registry");
        assertRefused("CONTROL_PLANE_URL", "marina-operator:8080", "CONTROL_PLANE_URL: 'marina-operator:8080' is not");
        assertRefused(
                "CONTROL_PLANE_URL", "ftp://marina-operator", "CONTROL_PLANE_URL: 'ftp://marina-operator' is not");
        assertRefused("CONTROL_PLANE_URL", "http://", "CONTROL_PLANE_URL: 'http://' is not");
        assertRefused(
                "CONTROL_PLANE_URL", "http://marina-operator:8080/?x=1", "CONTROL_PLANE_URL: 'http://marina-operator");
        assertRefused("CONTROL_PLANE_URL", "http://a b", "CONTROL_PLANE_URL: 'http://a b' is not");
        assertRefused("SERVICE_MONITORS", "sometimes", "SERVICE_MONITORS: 'sometimes' is not one of auto");
    }

    @Test
    void aControlPlaneUrlWithAPasswordIsRefusedWithoutQuotingIt() {
        Map<String, String> environment = chart();
        environment.put("CONTROL_PLANE_URL", "http://admin:hunter2@marina-operator:8080");

        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(environment))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("CONTROL_PLANE_URL: holds a user or password")
                .message()
                .doesNotContain("hunter2");
    }

    private static void assertRefused(String variable, String value, String message) {
        Map<String, String> environment = chart();
        environment.put(variable, value);
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(environment))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(message);
    }
}
