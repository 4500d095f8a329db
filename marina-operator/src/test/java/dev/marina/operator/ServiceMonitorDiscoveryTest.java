package dev.marina.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** Tier 2: API discovery on the mock API server, with and without the Prometheus operator's CRD. */
@EnableKubernetesMockClient(crud = true, https = false)
class ServiceMonitorDiscoveryTest {

    KubernetesClient client;

    @Test
    void withoutThePrometheusOperatorNoServiceMonitorIsServed() {
        assertThat(ServiceMonitorDiscovery.served(client)).isFalse();
    }

    @Test
    void itsDefinitionMakesServiceMonitorsServed() {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(new CustomResourceDefinitionBuilder()
                        .withNewMetadata()
                        .withName("servicemonitors.monitoring.coreos.com")
                        .endMetadata()
                        .withNewSpec()
                        .withGroup("monitoring.coreos.com")
                        .withScope("Namespaced")
                        .withNewNames()
                        .withKind("ServiceMonitor")
                        .withPlural("servicemonitors")
                        .withSingular("servicemonitor")
                        .endNames()
                        .addNewVersion()
                        .withName("v1")
                        .withServed(true)
                        .withStorage(true)
                        .endVersion()
                        .endSpec()
                        .build())
                .create();

        assertThat(ServiceMonitorDiscovery.served(client)).isTrue();
    }
}
