package dev.marina.operator.topology;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where the operator serves a cluster's topology feed: {@code /namespaces/<namespace>/api/v1/clusters/<cluster>/topology}.
 * A cluster's name is unique only in its namespace, so the namespace leads; the rest is the local control plane's route,
 * which a gateway appends to the base URL in its control-plane-address file. A gateway given {@link #base} as that URL
 * therefore needs no Kubernetes of its own.
 */
public record FeedPath(String namespace, String cluster) {

    private static final String NAMESPACES = "/namespaces/";

    public FeedPath {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(cluster, "cluster is null");
    }

    /** The base URL of the feeds of {@code namespace}'s clusters, under the operator's {@code controlPlaneUrl}. */
    public static String base(String controlPlaneUrl, String namespace) {
        requireNonNull(controlPlaneUrl, "controlPlaneUrl is null");
        requireNonNull(namespace, "namespace is null");
        String url = controlPlaneUrl;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url + NAMESPACES + namespace;
    }

    /**
     * The namespace and cluster of a request's raw (undecoded) path; empty when it is no feed's path. Names are taken as
     * they come: a name that is no namespace or cluster name is refused later, as one that does not exist is.
     */
    public static Optional<FeedPath> parse(String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        String[] parts = rawPath.split("/", -1);
        boolean shaped = parts.length == 8
                && parts[0].isEmpty()
                && parts[1].equals("namespaces")
                && !parts[2].isEmpty()
                && parts[3].equals("api")
                && parts[4].equals("v1")
                && parts[5].equals("clusters")
                && !parts[6].isEmpty()
                && parts[7].equals("topology");
        return shaped ? Optional.of(new FeedPath(parts[2], parts[6])) : Optional.empty();
    }

    /** The path's text, to name it in a message. */
    @Override
    public String toString() {
        return NAMESPACES + namespace + "/api/v1/clusters/" + cluster + "/topology";
    }
}
