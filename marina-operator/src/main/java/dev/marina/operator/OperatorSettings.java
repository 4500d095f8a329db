package dev.marina.operator;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.render.ImageReference;
import dev.marina.operator.render.KubernetesSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operator reads from its environment, as the Helm chart's Deployment sets it. Every value is checked here,
 * before anything starts, so that a wrong chart value is one line naming the variable rather than a stack trace from
 * deep inside the Kubernetes client.
 *
 * @param watchNamespaces the namespaces whose clusters the operator manages; empty: every namespace
 * @param operatorNamespace where the operator runs and its leader-election Lease lives
 * @param podName the identity the operator holds the Lease under
 * @param leaseName the Lease the replicas compete for; empty: no leader election (one replica, or a test)
 * @param httpPort the port of {@code /health/live}, {@code /health/ready} and the gateways' topology feed
 * @param logLevel the root log level (TRACE, DEBUG, INFO, WARN, ERROR)
 * @param memberImageTemplate the members' image, with {@code {engine}} and {@code {version}} filled in per cluster
 * @param memberImagePullPolicy the members' pods' pull policy: Always, IfNotPresent or Never
 * @param memberImagePullSecrets the Secrets the members' pods pull their image with (a private registry); each must
 *     exist in every namespace with clusters, as Kubernetes looks them up in the pod's own namespace
 * @param controlPlaneUrl where gateways reach this operator's topology feed (its Service), without a trailing slash
 * @param serviceMonitors whether to render a ServiceMonitor per cluster; empty: when the API server serves the
 *     Prometheus operator's ServiceMonitor, asked once at the start
 */
public record OperatorSettings(
        Set<String> watchNamespaces,
        String operatorNamespace,
        String podName,
        Optional<String> leaseName,
        int httpPort,
        String logLevel,
        String memberImageTemplate,
        String memberImagePullPolicy,
        List<String> memberImagePullSecrets,
        String controlPlaneUrl,
        Optional<Boolean> serviceMonitors) {

    public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
    public static final String OPERATOR_NAMESPACE = "OPERATOR_NAMESPACE";
    public static final String POD_NAME = "POD_NAME";
    public static final String LEADER_ELECTION_LEASE_NAME = "LEADER_ELECTION_LEASE_NAME";
    public static final String HTTP_PORT = "HTTP_PORT";
    public static final String LOG_LEVEL = "LOG_LEVEL";
    public static final String MEMBER_IMAGE_TEMPLATE = "MEMBER_IMAGE_TEMPLATE";
    public static final String MEMBER_IMAGE_PULL_POLICY = "MEMBER_IMAGE_PULL_POLICY";
    public static final String MEMBER_IMAGE_PULL_SECRETS = "MEMBER_IMAGE_PULL_SECRETS";
    public static final String CONTROL_PLANE_URL = "CONTROL_PLANE_URL";
    public static final String SERVICE_MONITORS = "SERVICE_MONITORS";

    private static final int DEFAULT_HTTP_PORT = 8080;
    private static final String DEFAULT_LOG_LEVEL = "INFO";
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

    /** The name the chart gives the operator's Service (for a release named {@code marina}). */
    private static final String DEFAULT_SERVICE = "marina-operator";

    /** What an image template may hold between braces. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}?");

    private static final Set<String> PLACEHOLDERS = Set.of("{engine}", "{version}");

    /** A namespace name (DNS-1123 label). */
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    /** A Lease or pod name (DNS-1123 subdomain). */
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    public OperatorSettings {
        watchNamespaces = Set.copyOf(new TreeSet<>(requireNonNull(watchNamespaces, "watchNamespaces is null")));
        requireNonNull(operatorNamespace, "operatorNamespace is null");
        requireNonNull(podName, "podName is null");
        requireNonNull(leaseName, "leaseName is null");
        requireNonNull(logLevel, "logLevel is null");
        requireNonNull(memberImageTemplate, "memberImageTemplate is null");
        requireNonNull(memberImagePullPolicy, "memberImagePullPolicy is null");
        memberImagePullSecrets = List.copyOf(memberImagePullSecrets);
        requireNonNull(controlPlaneUrl, "controlPlaneUrl is null");
        requireNonNull(serviceMonitors, "serviceMonitors is null");
    }

    /**
     * How the clusters' objects are rendered.
     *
     * @param serviceMonitorsServed whether the API server serves ServiceMonitors; asked only when
     *     {@value #SERVICE_MONITORS} leaves it to the operator
     */
    public KubernetesSettings kubernetes(BooleanSupplier serviceMonitorsServed) {
        requireNonNull(serviceMonitorsServed, "serviceMonitorsServed is null");
        KubernetesSettings defaults = KubernetesSettings.DEFAULT;
        return new KubernetesSettings(
                memberImageTemplate,
                memberImagePullPolicy,
                memberImagePullSecrets,
                controlPlaneUrl,
                defaults.runAsUser(),
                defaults.defaultStorageSize(),
                serviceMonitors.orElseGet(serviceMonitorsServed::getAsBoolean));
    }

    /**
     * Reads the settings from {@code environment}.
     *
     * @throws InvalidSettingException naming the first variable whose value cannot be used, and what it must be
     */
    public static OperatorSettings fromEnvironment(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        Set<String> namespaces = new TreeSet<>();
        for (String namespace : value(environment, WATCH_NAMESPACES).split(",", -1)) {
            String trimmed = namespace.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!DNS_LABEL.matcher(trimmed).matches()) {
                throw new InvalidSettingException(
                        WATCH_NAMESPACES,
                        "'" + trimmed + "' is not a namespace name; give namespaces separated by commas, or nothing"
                                + " for every namespace");
            }
            namespaces.add(trimmed);
        }
        String operatorNamespace = value(environment, OPERATOR_NAMESPACE);
        if (!DNS_LABEL.matcher(operatorNamespace).matches()) {
            throw new InvalidSettingException(
                    OPERATOR_NAMESPACE,
                    operatorNamespace.isEmpty()
                            ? "missing; set it to the operator pod's namespace (the chart does, from metadata.namespace)"
                            : "'" + operatorNamespace + "' is not a namespace name");
        }
        String leaseName = value(environment, LEADER_ELECTION_LEASE_NAME);
        if (!leaseName.isEmpty() && !isSubdomain(leaseName)) {
            throw new InvalidSettingException(
                    LEADER_ELECTION_LEASE_NAME, "'" + leaseName + "' is not a Lease name (a DNS subdomain)");
        }
        String podName = value(environment, POD_NAME);
        if (!leaseName.isEmpty() && podName.isEmpty()) {
            throw new InvalidSettingException(
                    POD_NAME,
                    "missing; leader election needs each replica's identity (the chart sets it from metadata.name)");
        }
        int httpPort = port(value(environment, HTTP_PORT));
        return new OperatorSettings(
                namespaces,
                operatorNamespace,
                podName,
                leaseName.isEmpty() ? Optional.empty() : Optional.of(leaseName),
                httpPort,
                logLevel(value(environment, LOG_LEVEL)),
                imageTemplate(value(environment, MEMBER_IMAGE_TEMPLATE)),
                pullPolicy(value(environment, MEMBER_IMAGE_PULL_POLICY)),
                pullSecrets(value(environment, MEMBER_IMAGE_PULL_SECRETS)),
                controlPlaneUrl(value(environment, CONTROL_PLANE_URL), operatorNamespace, httpPort),
                serviceMonitors(value(environment, SERVICE_MONITORS)));
    }

    private static String value(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        return value == null ? "" : value.trim();
    }

    private static boolean isSubdomain(String name) {
        return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
    }

    private static int port(String text) {
        if (text.isEmpty()) {
            return DEFAULT_HTTP_PORT;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below with the other bad values.
        }
        throw new InvalidSettingException(HTTP_PORT, "'" + text + "' is not a port; use a number from 1 to 65535");
    }

    private static String logLevel(String text) {
        if (text.isEmpty()) {
            return DEFAULT_LOG_LEVEL;
        }
        String level = text.toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new InvalidSettingException(
                    LOG_LEVEL,
                    "'" + text + "' is not a log level; use one of "
                            + String.join(", ", Arrays.asList("TRACE", "DEBUG", "INFO", "WARN", "ERROR")));
        }
        return level;
    }

    private static String imageTemplate(String text) {
        if (text.isEmpty()) {
            return KubernetesSettings.DEFAULT_IMAGE_TEMPLATE;
        }
        Matcher placeholders = PLACEHOLDER.matcher(text);
        while (placeholders.find()) {
            if (!PLACEHOLDERS.contains(placeholders.group())) {
                throw new InvalidSettingException(
                        MEMBER_IMAGE_TEMPLATE,
                        "'" + placeholders.group() + "' is not a placeholder; use {engine} and {version}, e.g. "
                                + "registry.example.com/marina-{engine}:{version}");
            }
        }
        String example = text.replace("{engine}", "postgresql").replace("{version}", "15");
        if (!ImageReference.isValid(example)) {
            throw new InvalidSettingException(
                    MEMBER_IMAGE_TEMPLATE,
                    "'" + text + "' is not an image reference once {engine} and {version} are filled in ('" + example
                            + "'); use e.g. registry.example.com/marina-{engine}:{version}");
        }
        return text;
    }

    private static String pullPolicy(String text) {
        if (text.isEmpty()) {
            return KubernetesSettings.DEFAULT.imagePullPolicy();
        }
        // Kubernetes takes the policy's exact case only; the setting takes any.
        return PULL_POLICIES.stream()
                .filter(policy -> policy.equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(() -> new InvalidSettingException(
                        MEMBER_IMAGE_PULL_POLICY,
                        "'" + text + "' is not a pull policy; use one of " + String.join(", ", PULL_POLICIES)));
    }

    /** Secret names separated by commas, in their order, each once; blanks between commas are ignored. */
    private static List<String> pullSecrets(String text) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : text.split(",", -1)) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!isSubdomain(trimmed)) {
                throw new InvalidSettingException(
                        MEMBER_IMAGE_PULL_SECRETS,
                        "'" + trimmed + "' is not a Secret name (a DNS subdomain); give Secret names separated by"
                                + " commas, or nothing for a public registry");
            }
            names.add(trimmed);
        }
        return List.copyOf(names);
    }

    /**
     * The URL as given, without trailing slashes; by default the chart's Service name in the operator's namespace, on
     * its HTTP port. It goes into every member's ConfigMap, so it may hold no user or password.
     */
    private static String controlPlaneUrl(String text, String operatorNamespace, int httpPort) {
        if (text.isEmpty()) {
            return "http://" + DEFAULT_SERVICE + "." + operatorNamespace + ".svc:" + httpPort;
        }
        String url = text;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri != null && uri.getRawUserInfo() != null) {
            // Not quoted: it may hold a password.
            throw new InvalidSettingException(
                    CONTROL_PLANE_URL,
                    "holds a user or password, which would be written into every member's ConfigMap; give the URL"
                            + " without it");
        }
        boolean usable = uri != null
                && uri.getScheme() != null
                && List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                && uri.getHost() != null
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null;
        if (!usable) {
            throw new InvalidSettingException(
                    CONTROL_PLANE_URL,
                    "'" + text + "' is not an http or https URL with a host and no query or fragment; give the"
                            + " operator's Service, e.g. http://marina-operator.marina-system.svc:8080");
        }
        return url;
    }

    private static Optional<Boolean> serviceMonitors(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "", "auto" -> Optional.empty();
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default ->
                throw new InvalidSettingException(
                        SERVICE_MONITORS,
                        "'" + text + "' is not one of auto (when the Prometheus operator's CRD is served), true,"
                                + " false");
        };
    }
}
