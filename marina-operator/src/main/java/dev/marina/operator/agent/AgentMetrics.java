package dev.marina.operator.agent;

/**
 * The agent's metrics in Prometheus' text exposition format (version 0.0.4), each labelled with the cluster and the
 * member, so that one scrape configuration (the cluster's ServiceMonitor) tells the members apart. The engine's own
 * statistics are the engine's exporter's job; these say whether the agent runs the engine and how often it started.
 * Nothing here connects to the engine: a scrape costs the database nothing.
 */
final class AgentMetrics {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private AgentMetrics() {}

    static String text(String cluster, String member, EngineState state, long starts, long exits) {
        String labels = "{cluster=\"" + escaped(cluster) + "\",member=\"" + escaped(member) + "\"}";
        StringBuilder text = new StringBuilder();
        metric(text, "marina_agent_engine_running", "gauge", "1 while the engine process runs", labels, running(state));
        metric(
                text,
                "marina_agent_engine_starts_total",
                "counter",
                "engine starts since the agent began",
                labels,
                starts);
        metric(
                text,
                "marina_agent_engine_exits_total",
                "counter",
                "engine exits since the agent began, stopped on purpose or not",
                labels,
                exits);
        return text.toString();
    }

    private static long running(EngineState state) {
        return state.running() ? 1 : 0;
    }

    private static void metric(StringBuilder text, String name, String type, String help, String labels, long value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        text.append(name).append(labels).append(' ').append(value).append('\n');
    }

    /** A label value with backslash, quote and newline escaped, as the format asks. */
    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
