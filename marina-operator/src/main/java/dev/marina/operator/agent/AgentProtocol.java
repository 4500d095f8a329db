package dev.marina.operator.agent;

import dev.marina.operator.render.MarinaImage;

/** The agent's HTTP paths and fields, shared by the agent and the operator's client so that they cannot drift. */
final class AgentProtocol {

    /** No token: the kubelet asks. */
    static final String LIVE = MarinaImage.LIVE_PATH;

    static final String READY = MarinaImage.READY_PATH;

    static final String METRICS = MarinaImage.METRICS_PATH;
    static final String ENGINE = "/engine";
    static final String ENGINE_START = "/engine/start";
    static final String ENGINE_STOP = "/engine/stop";
    static final String ENGINE_KILL = "/engine/kill";
    static final String MEMBER = "/member";
    static final String FILES = "/files";
    static final String LOGS = "/logs";

    /** Every data action is {@code POST /data/<name>} (see {@link DataAction}). */
    static final String DATA = "/data/";

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    static final String MEMBER_FIELD = "member";
    static final String SOURCE_FIELD = "source";
    static final String PLAN_FIELD = "plan";
    static final String SIGNAL_FIELD = "signal";
    static final String GRACE_FIELD = "graceSeconds";
    static final String ERROR_FIELD = "error";

    /** How many lines {@code GET /logs} returns without {@code ?lines=}, and the most it keeps. */
    static final int DEFAULT_LOG_LINES = 100;

    static final int MAX_LOG_LINES = 2000;

    private AgentProtocol() {}
}
