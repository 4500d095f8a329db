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

import dev.marina.testkit.kubernetes.mockserver.TwoMockServers.Answer;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The indexed store answers as fabric8's: the same requests, one of each kind the operator and its tests send, go to
 * fabric8's mock API server and to the indexed one ({@link TwoMockServers} checks each pair of answers), and the
 * status codes are checked too, so that the two cannot agree on answering nothing.
 */
class IndexedCrudDispatcherContractTest {

    private static final String MERGE = "application/merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String STRATEGIC = "application/strategic-merge-patch+json";
    private static final Pattern RESOURCE_VERSION = Pattern.compile("\"resourceVersion\":\"(\\d+)\"");

    private final TwoMockServers servers = TwoMockServers.start();

    @AfterEach
    void stopTheServers() {
        servers.close();
    }

    @Test
    void createsGetsAndListsAsFabric8() {
        assertThat(servers.post(DEFINITIONS, WIDGET_DEFINITION).code()).isEqualTo(201);
        assertThat(servers.get("/apis/example.com/v1").body()).contains("\"widgets\"");
        servers.watch(configMaps("a") + "?watch=true");
        servers.watch("/api/v1/configmaps?watch=true&labelSelector=app%3Dx");
        assertThat(servers.post(configMaps("a"), configMap("a", "one", Map.of("app", "x", "tier", "1"), "1"))
                        .code())
                .isEqualTo(201);
        servers.post(configMaps("a"), configMap("a", "two", Map.of("app", "y"), "2"));
        servers.post(configMaps("b"), configMap("b", "one", Map.of("app", "x"), "3"));
        servers.post(configMaps("b"), configMap(null, "two", Map.of(), "4"));
        assertThat(servers.post(configMaps("a"), configMap("a", "one", Map.of(), "again"))
                        .code())
                .isEqualTo(409);
        assertThat(servers.post(configMaps("a"), configMap("b", "three", Map.of(), "5"))
                        .code())
                .isEqualTo(400);
        assertThat(servers.post(configMaps("a"), "{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}")
                        .code())
                .isEqualTo(422);

        assertThat(servers.get(configMaps("a") + "/one").body()).contains("\"value\":\"1\"");
        assertThat(servers.get(configMaps("a") + "/missing").code()).isEqualTo(404);
        assertThat(servers.get(configMaps("a")).body()).contains("\"one\"", "\"two\"");
        assertThat(servers.get("/api/v1/configmaps").body()).contains("\"b\"");
        for (String selector : List.of("app%3Dx", "app%3D%3Dx", "app!%3Dx", "app", "!tier", "app%3Dx,tier%3D1")) {
            servers.get("/api/v1/configmaps?labelSelector=" + selector);
            servers.get(configMaps("a") + "?labelSelector=" + selector);
        }
        for (String selector : List.of("metadata.name%3Done", "metadata.name!%3Done", "metadata.namespace%3Db")) {
            servers.get("/api/v1/configmaps?fieldSelector=" + selector);
            servers.get(configMaps("b") + "?fieldSelector=" + selector);
        }
        servers.get(configMaps("a") + "/*");
        servers.get("/api/v1/namespaces/a/secrets");
        servers.get("/apis/example.com/v1/namespaces/a/widgets");

        finishWatches();
    }

    @Test
    void updatesAndPatchesAsFabric8() {
        servers.watch(configMaps("a") + "?watch=true");
        servers.post(configMaps("a"), configMap("a", "one", Map.of("app", "x"), "1"));
        String version = resourceVersion(servers.get(configMaps("a") + "/one"));

        Answer updated = servers.put(
                configMaps("a") + "/one", configMap("a", "one", Map.of("app", "x"), List.of(), version, "2"));
        assertThat(updated.code()).isEqualTo(200);
        assertThat(updated.body()).contains("\"generation\":2");
        assertThat(servers.put(
                                configMaps("a") + "/one",
                                configMap("a", "one", Map.of("app", "x"), List.of(), version, "3"))
                        .code())
                .isEqualTo(409);
        servers.put(configMaps("a") + "/one", configMap("a", "one", Map.of("app", "z"), "4"));
        servers.put(configMaps("a") + "/one", configMap("a", "one", Map.of("app", "z"), "4"));
        assertThat(servers.put(configMaps("a") + "/missing", configMap("a", "missing", Map.of(), "5"))
                        .code())
                .isEqualTo(404);
        assertThat(servers.put(configMaps("a") + "/one", configMap("a", "other", Map.of(), "6"))
                        .code())
                .isEqualTo(400);

        String one = configMaps("a") + "/one";
        assertThat(servers.send("PATCH", one, MERGE, "{\"metadata\":{\"labels\":{\"tier\":\"2\"}}}")
                        .code())
                .isEqualTo(202);
        servers.send("PATCH", one, JSON_PATCH, "[{\"op\":\"add\",\"path\":\"/data/extra\",\"value\":\"e\"}]");
        servers.send(
                "PATCH", one, JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/metadata/labels/app\",\"value\":\"x\"}]");
        assertThat(servers.send("PATCH", one, STRATEGIC, "{\"data\":{\"s\":\"t\"}}")
                        .code())
                .isEqualTo(415);
        assertThat(servers.send("PATCH", configMaps("a") + "/missing", MERGE, "{\"data\":{}}")
                        .code())
                .isEqualTo(404);
        assertThat(servers.send("PATCH", one, MERGE, "{\"metadata\":{\"resourceVersion\":\"1\"},\"data\":{}}")
                        .code())
                .isEqualTo(409);
        servers.get(configMaps("a") + "?labelSelector=tier%3D2");

        servers.post(configMaps("a"), configMap("a", "marker", Map.of("marker", "done"), "end"));
        servers.assertSameWatchEvents("\"marker\":\"done\"");
    }

    @Test
    void updatesStatusAsFabric8() {
        servers.post(DEFINITIONS, WIDGET_DEFINITION);
        servers.watch(widgets("a") + "?watch=true");
        servers.watch(pods("a") + "?watch=true&fieldSelector=metadata.name%3Dp");
        assertThat(servers.post(widgets("a"), widget("a", "w", Map.of(), 1, "Ignored"))
                        .body())
                .doesNotContain("Ignored");
        assertThat(servers.put(widgets("a") + "/w/status", widget("a", "w", Map.of(), 5, "Ready"))
                        .body())
                .contains("\"generation\":1", "Ready", "\"size\":1");
        assertThat(servers.put(widgets("a") + "/w", widget("a", "w", Map.of(), 2, "Lost"))
                        .body())
                .contains("\"generation\":2", "Ready");
        servers.send("PATCH", widgets("a") + "/w/status", MERGE, "{\"status\":{\"phase\":\"Patched\"}}");
        servers.send("PATCH", widgets("a") + "/w", MERGE, "{\"spec\":{\"size\":3},\"status\":{\"phase\":\"Lost\"}}");
        servers.get(widgets("a") + "/w");

        servers.post(pods("a"), pod("a", "p", Map.of("app", "x")));
        servers.post(pods("a"), pod("a", "q", Map.of("app", "x")));
        assertThat(servers.put(pods("a") + "/p/status", podStatus("a", "p", "Running"))
                        .body())
                .contains("Running");
        servers.get(pods("a") + "?labelSelector=app%3Dx");

        servers.post(widgets("a"), widget("a", "marker", Map.of("marker", "done"), 0, null));
        servers.put(pods("a") + "/p", pod("a", "p", Map.of("marker", "done")));
        servers.assertSameWatchEvents("\"marker\":\"done\"");
    }

    @Test
    void deletesAsFabric8() {
        servers.watch(configMaps("a") + "?watch=true");
        servers.post(configMaps("a"), configMap("a", "one", Map.of("app", "x"), "1"));
        servers.post(
                configMaps("a"), configMap("a", "kept", Map.of("app", "x"), List.of("example.com/keep"), null, "2"));
        servers.post(configMaps("b"), configMap("b", "one", Map.of("app", "x"), "3"));
        servers.post(configMaps("b"), configMap("b", "two", Map.of("app", "y"), "4"));

        assertThat(servers.delete(configMaps("a") + "/kept").code()).isEqualTo(200);
        assertThat(servers.get(configMaps("a") + "/kept").body()).contains("deletionTimestamp");
        servers.delete(configMaps("a") + "/kept");
        servers.send("PATCH", configMaps("a") + "/kept", MERGE, "{\"metadata\":{\"finalizers\":null}}");
        assertThat(servers.get(configMaps("a") + "/kept").code()).isEqualTo(404);
        assertThat(servers.delete(configMaps("a") + "/one").code()).isEqualTo(200);
        assertThat(servers.delete(configMaps("a") + "/one").code()).isEqualTo(404);
        assertThat(servers.delete(configMaps("b") + "?labelSelector=app%3Dx").body())
                .contains("\"one\"");
        servers.get("/api/v1/configmaps");

        servers.post(configMaps("a"), configMap("a", "marker", Map.of("marker", "done"), "end"));
        servers.assertSameWatchEvents("\"marker\":\"done\"");
    }

    private void finishWatches() {
        servers.post(configMaps("a"), configMap("a", "marker", Map.of("app", "x", "marker", "done"), "end"));
        servers.assertSameWatchEvents("\"marker\":\"done\"");
    }

    private static String resourceVersion(Answer answer) {
        Matcher matcher = RESOURCE_VERSION.matcher(answer.body());
        assertThat(matcher.find()).as("a resourceVersion in %s", answer.body()).isTrue();
        return matcher.group(1);
    }
}
