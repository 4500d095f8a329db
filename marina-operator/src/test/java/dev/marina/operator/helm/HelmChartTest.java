package dev.marina.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.marina.operator.OperatorSettings;
import dev.marina.operator.RepositoryRoot;
import dev.marina.operator.render.KubernetesSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart in deploy/helm/marina, linted and rendered by Helm itself (helm-java runs Helm's Go code in process), with
 * the default values and with a list of watched namespaces.
 */
class HelmChartTest {

    private static final Path CHART = RepositoryRoot.find().resolve("deploy/helm/marina");
    private static final String RELEASE = "marina";
    private static final String NAMESPACE = "marina-system";
    // helm template assumes Kubernetes 1.20 unless told; the chart requires 1.29 (the CRDs' CEL quantity library).
    private static final String KUBERNETES_VERSION = "1.31.0";

    /** The least-privilege set, verb by verb; the chart must grant exactly this in each watched scope. */
    private static final String OPERATOR_RULES = """
            - apiGroups: ["marina.dev"]
              resources: ["databaseclusters", "databaseoperations"]
              verbs: ["get", "list", "watch", "patch", "update", "delete"]
            - apiGroups: ["marina.dev"]
              resources: ["databaseoperations"]
              verbs: ["create", "deletecollection"]
            - apiGroups: ["marina.dev"]
              resources: ["databaseclusters/status", "databaseoperations/status"]
              verbs: ["get", "patch", "update"]
            - apiGroups: ["marina.dev"]
              resources: ["databaseclusters/finalizers", "databaseoperations/finalizers"]
              verbs: ["update"]
            - apiGroups: [""]
              resources: ["pods", "persistentvolumeclaims", "services", "configmaps", "secrets"]
              verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
            - apiGroups: [""]
              resources: ["pods", "persistentvolumeclaims", "configmaps", "secrets"]
              verbs: ["deletecollection"]
            - apiGroups: [""]
              resources: ["events"]
              verbs: ["get", "list", "create", "patch", "delete", "deletecollection"]
            - apiGroups: ["policy"]
              resources: ["poddisruptionbudgets"]
              verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
            - apiGroups: ["monitoring.coreos.com"]
              resources: ["servicemonitors"]
              verbs: ["get", "list", "watch", "create", "update", "delete"]
            """;

    private static final String LEADER_ELECTION_RULES = """
            - apiGroups: ["coordination.k8s.io"]
              resources: ["leases"]
              verbs: ["create"]
            - apiGroups: ["coordination.k8s.io"]
              resources: ["leases"]
              resourceNames: ["marina-operator-leader"]
              verbs: ["get", "update", "patch"]
            """;

    @Test
    void theChartPassesStrictLint() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
    }

    @Test
    void theDefaultsWatchEveryNamespaceWithAClusterRole() throws IOException {
        RenderedChart chart = render();

        assertThat(chart.kinds())
                .containsExactly(
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Deployment",
                        "PodDisruptionBudget",
                        "Role",
                        "RoleBinding",
                        "Service",
                        "ServiceAccount");
        assertThat(chart.get("ClusterRole", "marina-operator").path("rules")).isEqualTo(yaml(OPERATOR_RULES));
        JsonNode binding = chart.get("ClusterRoleBinding", "marina-operator");
        assertThat(binding.path("roleRef").path("name").asText()).isEqualTo("marina-operator");
        assertThat(binding.path("subjects"))
                .isEqualTo(yaml("[{kind: ServiceAccount, name: marina, namespace: " + NAMESPACE + "}]"));
        JsonNode leaderElection = chart.get("Role", "marina-leader-election");
        assertThat(leaderElection.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(leaderElection.path("rules")).isEqualTo(yaml(LEADER_ELECTION_RULES));
        assertThat(environment(chart, "WATCH_NAMESPACES")).isEmpty();
        assertNoWildcards(chart);
    }

    @Test
    void theOperatorRunsTwoLockedDownReplicasWithProbes() throws IOException {
        JsonNode deployment = render().get("Deployment", "marina-operator");

        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("marina");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext")
                        .path("seccompProfile")
                        .path("type")
                        .asText())
                .isEqualTo("RuntimeDefault");
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/marina-dev/marina-operator:0.1.0");
        JsonNode security = container.path("securityContext");
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(security.path("capabilities").path("drop")).isEqualTo(yaml("[ALL]"));
        assertThat(container.path("ports")).isEqualTo(yaml("[{name: http, containerPort: 8080, protocol: TCP}]"));
        assertThat(container.path("livenessProbe").path("httpGet")).isEqualTo(yaml("{path: /health/live, port: http}"));
        assertThat(container.path("readinessProbe").path("httpGet"))
                .isEqualTo(yaml("{path: /health/ready, port: http}"));
        assertThat(container.path("resources").path("requests").path("memory").asText())
                .isEqualTo("256Mi");
        assertThat(container.path("resources").path("limits").path("memory").asText())
                .isEqualTo("512Mi");
        assertThat(container.path("volumeMounts")).isEqualTo(yaml("[{name: tmp, mountPath: /tmp}]"));
        assertThat(names(container.path("env")))
                .containsExactly(
                        "WATCH_NAMESPACES",
                        "OPERATOR_NAMESPACE",
                        "POD_NAME",
                        "LEADER_ELECTION_LEASE_NAME",
                        "HTTP_PORT",
                        "LOG_LEVEL",
                        "MEMBER_IMAGE_TEMPLATE",
                        "MEMBER_IMAGE_PULL_POLICY",
                        "MEMBER_IMAGE_PULL_SECRETS",
                        "CONTROL_PLANE_URL",
                        "SERVICE_MONITORS",
                        "JAVA_TOOL_OPTIONS");
        assertThat(pod.path("affinity").path("podAntiAffinity").isMissingNode())
                .as("replicas spread over nodes")
                .isFalse();
    }

    @Test
    void watchedNamespacesGetARoleEachAndNoClusterWidePermissions(@TempDir Path directory) throws IOException {
        // helm-java's set gives text, not a list; a values file gives the list as a user would write it.
        Path values = directory.resolve("namespaced.yaml");
        Files.writeString(values, "watchNamespaces:\n  - shop\n  - billing\n", StandardCharsets.UTF_8);
        RenderedChart chart =
                RenderedChart.parse(template().withValuesFile(values).call());

        assertThat(chart.ofKind("ClusterRole")).isEmpty();
        assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
        for (String namespace : List.of("shop", "billing")) {
            JsonNode role = chart.ofKind("Role").stream()
                    .filter(object ->
                            object.path("metadata").path("namespace").asText().equals(namespace))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Role in " + namespace));
            assertThat(role.path("metadata").path("name").asText()).isEqualTo("marina-operator");
            assertThat(role.path("rules")).isEqualTo(yaml(OPERATOR_RULES));
            JsonNode binding = chart.ofKind("RoleBinding").stream()
                    .filter(object ->
                            object.path("metadata").path("namespace").asText().equals(namespace))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no RoleBinding in " + namespace));
            assertThat(binding.path("subjects"))
                    .isEqualTo(yaml("[{kind: ServiceAccount, name: marina, namespace: " + NAMESPACE + "}]"));
        }
        assertThat(chart.ofKind("Role")).hasSize(3);
        assertThat(environment(chart, "WATCH_NAMESPACES")).isEqualTo("shop,billing");
        assertNoWildcards(chart);
    }

    @Test
    void withoutServiceMonitorsTheirRuleIsLeftOut() throws IOException {
        RenderedChart chart = render("rbac.serviceMonitors", "false");

        JsonNode rules = chart.get("ClusterRole", "marina-operator").path("rules");
        assertThat(rules).hasSize(yaml(OPERATOR_RULES).size() - 1);
        assertThat(rules.toString()).doesNotContain("monitoring.coreos.com");
    }

    @Test
    void aServiceInFrontOfEveryReplicaIsWhereTheOperatorSendsGateways() throws IOException {
        RenderedChart chart = render();

        JsonNode service = chart.get("Service", "marina-operator");
        JsonNode deployment = chart.get("Deployment", "marina-operator");
        assertThat(service.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(service.path("spec").path("selector"))
                .as("every replica, followers included: the Deployment's own selector")
                .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
        assertThat(service.path("spec").path("ports"))
                .isEqualTo(yaml("[{name: http, port: 8080, targetPort: http, protocol: TCP}]"));
        assertThat(environment(chart, "CONTROL_PLANE_URL"))
                .as("the operator's own default for its members' files")
                .isEqualTo(KubernetesSettings.DEFAULT_CONTROL_PLANE_URL)
                .isEqualTo("http://marina-operator.marina-system.svc:8080");
    }

    @Test
    void theControlPlaneUrlFollowsTheReleasesServiceNameNamespaceAndPort() {
        RenderedChart chart = RenderedChart.parse(new Helm(CHART)
                .template()
                .withName("prod")
                .withNamespace("databases")
                .withKubeVersion(KUBERNETES_VERSION)
                .set("httpPort", "9090")
                .call());

        assertThat(chart.find("Service", "prod-marina-operator")).isPresent();
        assertThat(environment(chart, "CONTROL_PLANE_URL")).isEqualTo("http://prod-marina-operator.databases.svc:9090");
    }

    @Test
    void theMembersImageAndTheControlPlaneUrlCanBeSetAndTheOperatorTakesWhatTheChartSets(@TempDir Path directory)
            throws IOException {
        Path values = directory.resolve("members.yaml");
        Files.writeString(values, """
                members:
                  imageTemplate: "registry.example.com/db/marina-{engine}:{version}"
                  imagePullPolicy: Always
                  imagePullSecrets: [{name: registry-team}, registry-backup]
                controlPlaneUrl: "http://marina.example.internal:8080"
                serviceMonitors: true
                """, StandardCharsets.UTF_8);
        RenderedChart chart =
                RenderedChart.parse(template().withValuesFile(values).call());

        assertThat(environment(chart, "MEMBER_IMAGE_TEMPLATE"))
                .isEqualTo("registry.example.com/db/marina-{engine}:{version}");
        assertThat(environment(chart, "MEMBER_IMAGE_PULL_POLICY")).isEqualTo("Always");
        assertThat(environment(chart, "MEMBER_IMAGE_PULL_SECRETS")).isEqualTo("registry-team,registry-backup");
        assertThat(environment(chart, "CONTROL_PLANE_URL")).isEqualTo("http://marina.example.internal:8080");
        assertThat(environment(chart, "SERVICE_MONITORS")).isEqualTo("true");
        KubernetesSettings kubernetes =
                OperatorSettings.fromEnvironment(operatorEnvironment(chart)).kubernetes(() -> false);
        assertThat(kubernetes.image("postgresql", "15")).isEqualTo("registry.example.com/db/marina-postgresql:15");
        assertThat(kubernetes.imagePullPolicy()).isEqualTo("Always");
        assertThat(kubernetes.imagePullSecrets()).containsExactly("registry-team", "registry-backup");
        assertThat(kubernetes.controlPlaneUrl()).isEqualTo("http://marina.example.internal:8080");
        assertThat(kubernetes.serviceMonitor()).isTrue();
    }

    @Test
    void theDefaultEnvironmentIsOneTheOperatorAccepts() throws IOException {
        OperatorSettings settings = OperatorSettings.fromEnvironment(operatorEnvironment(render()));

        assertThat(settings.memberImageTemplate()).isEqualTo(KubernetesSettings.DEFAULT_IMAGE_TEMPLATE);
        assertThat(settings.memberImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(settings.memberImagePullSecrets()).isEmpty();
        assertThat(settings.controlPlaneUrl()).isEqualTo(KubernetesSettings.DEFAULT_CONTROL_PLANE_URL);
        assertThat(settings.serviceMonitors()).as("auto: asked at the start").isEmpty();
    }

    @Test
    void serviceMonitorsAreOffWithoutTheirPermissionAndCannotBeForcedOnThen() {
        assertThat(environment(render("rbac.serviceMonitors", "false"), "SERVICE_MONITORS"))
                .isEqualTo("false");
        assertThat(environment(render("serviceMonitors", "false"), "SERVICE_MONITORS"))
                .isEqualTo("false");

        assertThatThrownBy(() -> render("rbac.serviceMonitors", "false", "serviceMonitors", "true"))
                .hasMessageContaining("serviceMonitors: true needs rbac.serviceMonitors: true");
        assertThatThrownBy(() -> render("serviceMonitors", "sometimes"))
                .hasMessageContaining("serviceMonitors: 'sometimes' is not one of auto, true, false");
    }

    @Test
    void aMembersPullSecretWithoutANameIsRefused(@TempDir Path directory) throws IOException {
        Path values = directory.resolve("members.yaml");
        Files.writeString(values, "members:\n  imagePullSecrets: [{secret: registry-team}]\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> template().withValuesFile(values).call())
                .hasMessageContaining("members.imagePullSecrets: map[secret:registry-team] is not a Secret;"
                        + " give entries such as {name: my-registry}");
    }

    /** helm template leaves the crds/ directory out (helm-java has no --include-crds), so it is compared as files. */
    @Test
    void theChartInstallsExactlyTheCheckedInDefinitions() throws IOException {
        Path checkedIn = RepositoryRoot.find().resolve("deploy/crds");
        List<String> names = fileNames(checkedIn);

        assertThat(names).contains("databaseclusters.marina.dev-v1.yml", "databaseoperations.marina.dev-v1.yml");
        assertThat(fileNames(CHART.resolve("crds"))).isEqualTo(names);
        for (String name : names) {
            assertThat(Files.readString(CHART.resolve("crds").resolve(name), StandardCharsets.UTF_8))
                    .as("deploy/helm/marina/crds/%s is a copy of deploy/crds/%s", name, name)
                    .isEqualTo(Files.readString(checkedIn.resolve(name), StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyTopLevelValueIsDocumented() throws IOException {
        List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"), StandardCharsets.UTF_8);
        List<String> undocumented = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            boolean topLevelKey = !line.isEmpty() && Character.isLetter(line.charAt(0)) && line.contains(":");
            if (topLevelKey && (index == 0 || !lines.get(index - 1).startsWith("#"))) {
                undocumented.add(line);
            }
        }
        assertThat(undocumented).as("values without a comment right above them").isEmpty();
        assertThat(lines).anyMatch(line -> line.startsWith("watchNamespaces:"));
    }

    private static RenderedChart render(String... settings) {
        TemplateCommand template = template();
        for (int index = 0; index < settings.length; index += 2) {
            template = template.set(settings[index], settings[index + 1]);
        }
        return RenderedChart.parse(template.call());
    }

    private static TemplateCommand template() {
        return new Helm(CHART)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBERNETES_VERSION);
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertNoWildcards(RenderedChart chart) {
        List<JsonNode> roles = new ArrayList<>(chart.ofKind("Role"));
        roles.addAll(chart.ofKind("ClusterRole"));
        assertThat(roles).isNotEmpty();
        for (JsonNode role : roles) {
            for (JsonNode rule : role.path("rules")) {
                for (String field : List.of("apiGroups", "resources", "verbs")) {
                    assertThat(texts(rule.path(field)))
                            .as(
                                    "%s of %s",
                                    field, role.path("metadata").path("name").asText())
                            .doesNotContain("*")
                            .doesNotContain("pods/exec")
                            .doesNotContain("escalate", "bind", "impersonate");
                }
            }
        }
    }

    private static String environment(RenderedChart chart, String name) {
        JsonNode env = operatorContainer(chart).path("env");
        return StreamSupport.stream(env.spliterator(), false)
                .filter(variable -> variable.path("name").asText().equals(name))
                .map(variable -> variable.path("value").asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no environment variable " + name));
    }

    /**
     * The operator container's environment as Kubernetes would give it: the literal values, and the pod's namespace and
     * name where the chart takes them from the pod.
     */
    private static Map<String, String> operatorEnvironment(RenderedChart chart) {
        JsonNode env = operatorContainer(chart).path("env");
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode variable : env) {
            if (variable.has("value")) {
                environment.put(
                        variable.path("name").asText(), variable.path("value").asText());
            }
        }
        environment.put("OPERATOR_NAMESPACE", NAMESPACE);
        environment.put("POD_NAME", "marina-operator-5d9c7b-x2x7q");
        return environment;
    }

    /** The container of the chart's one Deployment, whatever the release's name. */
    private static JsonNode operatorContainer(RenderedChart chart) {
        assertThat(chart.ofKind("Deployment")).hasSize(1);
        return chart.ofKind("Deployment")
                .getFirst()
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    private static List<String> names(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false)
                .map(item -> item.path("name").asText())
                .toList();
    }

    private static List<String> texts(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static JsonNode yaml(String text) {
        try {
            return RenderedChart.YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
