package dev.marina.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    }

    private static void assertRefused(String variable, String value, String message) {
        Map<String, String> environment = chart();
        environment.put(variable, value);
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(environment))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(message);
    }
}
