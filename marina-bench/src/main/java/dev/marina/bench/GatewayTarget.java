package dev.marina.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where pgbench connects in the gateway benchmark; the declaration order is the tables' column order. */
enum GatewayTarget {
    DIRECT("direct", "direct"),
    GATEWAY("gateway", "gateway"),
    PGBOUNCER("pgbouncer", "PgBouncer");

    private final String option;
    private final String label;

    GatewayTarget(String option, String label) {
        this.option = option;
        this.label = label;
    }

    /** The name in {@code --targets} and in the JSON. */
    String option() {
        return option;
    }

    /** The name in tables and progress lines. */
    String label() {
        return label;
    }

    boolean isProxy() {
        return this != DIRECT;
    }

    static GatewayTarget fromOption(String option) {
        return Arrays.stream(values())
                .filter(target -> target.option.equals(option.strip().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "--targets: unknown target '" + option + "'; choose from " + options()));
    }

    static String options() {
        return Arrays.stream(values()).map(GatewayTarget::option).collect(Collectors.joining(","));
    }
}
