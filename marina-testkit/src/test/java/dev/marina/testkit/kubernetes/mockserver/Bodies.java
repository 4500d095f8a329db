package dev.marina.testkit.kubernetes.mockserver;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The JSON bodies the contract tests send: ConfigMaps, Pods and Widgets (a custom resource with a status). */
final class Bodies {

    static final String DEFINITIONS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    /** Widgets, namespaced, with the status subresource, as a chart would install them. */
    static final String WIDGET_DEFINITION = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",\
            "metadata":{"name":"widgets.example.com"},\
            "spec":{"group":"example.com","scope":"Namespaced",\
            "names":{"plural":"widgets","singular":"widget","kind":"Widget"},\
            "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},\
            "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}""";

    private Bodies() {}

    static String configMaps(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/configmaps";
    }

    static String pods(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/pods";
    }

    static String widgets(String namespace) {
        return "/apis/example.com/v1/namespaces/" + namespace + "/widgets";
    }

    static String configMap(String namespace, String name, Map<String, String> labels, String value) {
        return configMap(namespace, name, labels, List.of(), null, value);
    }

    static String configMap(
            String namespace,
            String name,
            Map<String, String> labels,
            List<String> finalizers,
            String resourceVersion,
            String value) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + metadata(namespace, name, labels, finalizers, resourceVersion)
                + ",\"data\":{\"value\":\"" + value + "\"}}";
    }

    static String pod(String namespace, String name, Map<String, String> labels) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"," + metadata(namespace, name, labels, List.of(), null)
                + ",\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"example/main:1\"}]}}";
    }

    static String podStatus(String namespace, String name, String phase) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"," + metadata(namespace, name, Map.of(), List.of(), null)
                + ",\"status\":{\"phase\":\"" + phase + "\"}}";
    }

    static String widget(String namespace, String name, Map<String, String> labels, int size, String phase) {
        return "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\","
                + metadata(namespace, name, labels, List.of(), null) + ",\"spec\":{\"size\":" + size + "}"
                + (phase == null ? "" : ",\"status\":{\"phase\":\"" + phase + "\"}") + "}";
    }

    private static String metadata(
            String namespace,
            String name,
            Map<String, String> labels,
            List<String> finalizers,
            String resourceVersion) {
        StringBuilder metadata = new StringBuilder("\"metadata\":{\"name\":\"" + name + "\"");
        if (namespace != null) {
            metadata.append(",\"namespace\":\"").append(namespace).append('"');
        }
        if (!labels.isEmpty()) {
            metadata.append(",\"labels\":{")
                    .append(labels.entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(label -> "\"" + label.getKey() + "\":\"" + label.getValue() + "\"")
                            .collect(Collectors.joining(",")))
                    .append('}');
        }
        if (!finalizers.isEmpty()) {
            metadata.append(",\"finalizers\":[")
                    .append(finalizers.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(",")))
                    .append(']');
        }
        if (resourceVersion != null) {
            metadata.append(",\"resourceVersion\":\"").append(resourceVersion).append('"');
        }
        return metadata.append('}').toString();
    }
}
