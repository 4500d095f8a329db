package dev.marina.testkit.kubernetes.mockserver;

import static dev.marina.testkit.kubernetes.mockserver.Bodies.DEFINITIONS;
import static dev.marina.testkit.kubernetes.mockserver.Bodies.WIDGET_DEFINITION;
import static dev.marina.testkit.kubernetes.mockserver.Bodies.configMap;
import static dev.marina.testkit.kubernetes.mockserver.Bodies.configMaps;
import static dev.marina.testkit.kubernetes.mockserver.Bodies.pod;
import static dev.marina.testkit.kubernetes.mockserver.Bodies.podStatus;
import static dev.marina.testkit.kubernetes.mockserver.Bodies.pods;
import static dev.marina.testkit.kubernetes.mockserver.Bodies.widget;
import static dev.marina.testkit.kubernetes.mockserver.Bodies.widgets;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The indexed store answers as fabric8's through a long, random mix of requests over few names, so that objects
 * collide, move in the store's order, get finalizers, are deleted and come back, with watches opened along the way:
 * every answer and every watch event from {@link IndexedCrudDispatcher} must be fabric8's. Seeded, so that a failure
 * repeats.
 */
class IndexedCrudDispatcherRandomizedTest {

    private static final int REQUESTS = 600;
    private static final List<String> NAMESPACES = List.of("a", "b", "c");
    private static final List<String> NAMES = List.of("n0", "n1", "n2", "n3", "n4", "n5");
    private static final List<String> KINDS = List.of("configmaps", "pods", "widgets");
    private static final List<String> LABEL_SELECTORS =
            List.of("app%3Dx", "app!%3Dx", "app", "!app", "tier%3D2,app%3Dy", "tier");
    private static final List<String> FIELD_SELECTORS =
            List.of("metadata.name%3Dn1", "metadata.name!%3Dn1", "metadata.namespace%3Db");
    private static final Map<String, String> MARKED = Map.of("app", "x", "tier", "1", "marker", "done");

    private Random random;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void answersEveryRequestAsFabric8(long seed) {
        random = new Random(seed);
        try (TwoMockServers servers = TwoMockServers.start()) {
            servers.post(DEFINITIONS, WIDGET_DEFINITION);
            servers.watch(configMaps("a") + "?watch=true");
            for (int step = 0; step < REQUESTS; step++) {
                if (step == REQUESTS / 3) {
                    servers.watch("/api/v1/configmaps?watch=true&labelSelector=app%3Dx");
                    servers.watch("/apis/example.com/v1/widgets?watch=true&labelSelector=tier");
                }
                if (step == REQUESTS * 2 / 3) {
                    servers.watch(pods("b") + "?watch=true&fieldSelector=metadata.name%3Dn1");
                }
                anyRequest(servers);
            }
            servers.post(configMaps("a"), configMap("a", "marker", MARKED, "end"));
            servers.post(widgets("c"), widget("c", "marker", MARKED, 0, null));
            String n1 = pods("b") + "/n1";
            servers.send("PATCH", n1, "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
            servers.delete(n1);
            servers.post(pods("b"), pod("b", "n1", MARKED));
            servers.assertSameWatchEvents("\"marker\":\"done\"");
            assertThat(servers.requests()).isGreaterThan(REQUESTS);
        }
    }

    private void anyRequest(TwoMockServers servers) {
        String kind = pick(KINDS);
        String namespace = pick(NAMESPACES);
        String name = pick(NAMES);
        String collection = collection(kind, namespace);
        String object = collection + "/" + name;
        int choice = random.nextInt(100);
        if (choice < 25) {
            servers.post(collection, body(kind, namespace, name, labels()));
        } else if (choice < 35) {
            servers.get(object);
        } else if (choice < 50) {
            servers.get(list(kind, namespace));
        } else if (choice < 62) {
            servers.put(object, body(kind, namespace, name, labels()));
        } else if (choice < 67) {
            servers.put(object + "/status", status(kind, namespace, name));
        } else if (choice < 77) {
            servers.send("PATCH", object, "application/merge-patch+json", mergePatch());
        } else if (choice < 82) {
            servers.send(
                    "PATCH",
                    object,
                    "application/json-patch+json",
                    "[{\"op\":\"add\",\"path\":\"/metadata/labels/tier\",\"value\":\"" + (1 + random.nextInt(2))
                            + "\"}]");
        } else if (choice < 95) {
            servers.delete(object);
        } else {
            servers.delete(collection + "?labelSelector=" + pick(LABEL_SELECTORS));
        }
    }

    private String list(String kind, String namespace) {
        String path = random.nextBoolean() ? collection(kind, namespace) : allNamespaces(kind);
        return switch (random.nextInt(3)) {
            case 0 -> path;
            case 1 -> path + "?labelSelector=" + pick(LABEL_SELECTORS);
            default -> path + "?fieldSelector=" + pick(FIELD_SELECTORS);
        };
    }

    private String body(String kind, String namespace, String name, Map<String, String> labels) {
        return switch (kind) {
            case "configmaps" ->
                random.nextInt(5) == 0
                        ? configMap(namespace, name, labels, List.of("example.com/keep"), resourceVersion(), value())
                        : configMap(namespace, name, labels, List.of(), resourceVersion(), value());
            case "pods" -> pod(namespace, name, labels);
            default -> widget(namespace, name, labels, random.nextInt(3), random.nextBoolean() ? "Set" : null);
        };
    }

    private String status(String kind, String namespace, String name) {
        return kind.equals("widgets")
                ? widget(namespace, name, Map.of(), 0, "Phase" + random.nextInt(3))
                : podStatus(namespace, name, "Phase" + random.nextInt(3));
    }

    private String mergePatch() {
        return switch (random.nextInt(4)) {
            case 0 -> "{\"metadata\":{\"finalizers\":null}}";
            case 1 -> "{\"metadata\":{\"labels\":{\"app\":\"" + (random.nextBoolean() ? "x" : "y") + "\"}}}";
            case 2 -> "{\"metadata\":{\"resourceVersion\":\"" + random.nextInt(50) + "\"},\"data\":{\"p\":\"q\"}}";
            default -> "{\"data\":{\"value\":\"" + value() + "\"}}";
        };
    }

    /** Mostly none; else a guess, which may be the object's current one. */
    private String resourceVersion() {
        return random.nextInt(4) == 0 ? String.valueOf(1 + random.nextInt(60)) : null;
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>();
        if (random.nextInt(3) > 0) {
            labels.put("app", random.nextBoolean() ? "x" : "y");
        }
        if (random.nextBoolean()) {
            labels.put("tier", String.valueOf(1 + random.nextInt(2)));
        }
        return new TreeMap<>(labels);
    }

    private String value() {
        return "v" + random.nextInt(4);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String collection(String kind, String namespace) {
        return switch (kind) {
            case "configmaps" -> configMaps(namespace);
            case "pods" -> pods(namespace);
            default -> widgets(namespace);
        };
    }

    private static String allNamespaces(String kind) {
        return kind.equals("widgets") ? "/apis/example.com/v1/widgets" : "/api/v1/" + kind;
    }
}
