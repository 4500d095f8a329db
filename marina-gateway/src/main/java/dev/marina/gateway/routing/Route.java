package dev.marina.gateway.routing;

/** What an endpoint promises its clients. */
public enum Route {
    /** Always the current primary. */
    READ_WRITE("read-write"),
    /** Replicas within the lag budget (the primary only as the configured fallback). */
    READ_ONLY("read-only"),
    /** Per transaction: proven reads to a replica, everything else to the primary. */
    AUTO("auto");

    private final String label;

    Route(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
