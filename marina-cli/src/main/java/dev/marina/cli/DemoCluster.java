package dev.marina.cli;

/**
 * The cluster {@code marina demo} creates: three PostgreSQL 15 members with synchronous replication, and a gateway in
 * front of them that the URLs it prints go through.
 */
public final class DemoCluster {

    public static final String NAME = "demo";

    /**
     * Written out rather than serialized from the model: it is what a user would write, and serializing the model
     * also emits its derived {@code is...} helpers as fields, which the parser then rejects.
     */
    public static final String YAML = """
            apiVersion: marina.dev/v1alpha1
            kind: DatabaseCluster
            metadata:
              name: demo
            spec:
              engine: postgresql
              version: "15"
              components:
                postgres:
                  replicas: 3
                gateway:
                  replicas: 1
              availability:
                synchronous: true
            """;

    private DemoCluster() {}
}
