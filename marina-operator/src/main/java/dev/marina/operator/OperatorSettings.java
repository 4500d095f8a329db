package dev.marina.operator;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * @param httpPort the port of {@code /health/live} and {@code /health/ready}
 * @param logLevel the root log level (TRACE, DEBUG, INFO, WARN, ERROR)
 */
public record OperatorSettings(
        Set<String> watchNamespaces,
        String operatorNamespace,
        String podName,
        Optional<String> leaseName,
        int httpPort,
        String logLevel) {

    public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
    public static final String OPERATOR_NAMESPACE = "OPERATOR_NAMESPACE";
    public static final String POD_NAME = "POD_NAME";
    public static final String LEADER_ELECTION_LEASE_NAME = "LEADER_ELECTION_LEASE_NAME";
    public static final String HTTP_PORT = "HTTP_PORT";
    public static final String LOG_LEVEL = "LOG_LEVEL";

    private static final int DEFAULT_HTTP_PORT = 8080;
    private static final String DEFAULT_LOG_LEVEL = "INFO";
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

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
        return new OperatorSettings(
                namespaces,
                operatorNamespace,
                podName,
                leaseName.isEmpty() ? Optional.empty() : Optional.of(leaseName),
                port(value(environment, HTTP_PORT)),
                logLevel(value(environment, LOG_LEVEL)));
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
}
