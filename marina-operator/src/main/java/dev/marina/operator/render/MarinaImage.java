package dev.marina.operator.render;

import java.nio.file.Path;

/**
 * Where things are inside the member image ({@code deploy/images/postgresql/Dockerfile}): the official engine image
 * with a JRE and Marina's jar added. A member's container runs the agent, which starts the engine's command.
 */
public final class MarinaImage {

    /** The JRE copied from the Eclipse Temurin image, at the path that image uses. */
    public static final String JAVA = "/opt/java/openjdk/bin/java";

    /** Marina's shaded jar: the agent, the engines and the gateway. */
    public static final String JAR = "/opt/marina/marina.jar";

    /**
     * The container's command: a script that runs {@value #AGENT_MAIN_CLASS} with a small heap. Its arguments are the
     * engine's stop signal, then {@code --} and the engine's command; the member's names come in the environment.
     */
    public static final String AGENT = "/opt/marina/bin/marina-agent";

    /**
     * The container's first process: tini, which reaps orphans (the JVM does not: the backends a killed postmaster
     * leaves behind would stay zombies) and passes signals on to the agent.
     */
    public static final String INIT = "/usr/bin/tini";

    /** The agent's entry point. */
    public static final String AGENT_MAIN_CLASS = "dev.marina.operator.agent.AgentMain";

    /** The agent's health endpoints: alive (the agent answers) and ready (the engine accepts connections). */
    public static final String LIVE_PATH = "/live";

    public static final String READY_PATH = "/ready";

    public static final String METRICS_PATH = "/metrics";

    private MarinaImage() {}

    public static Path jar() {
        return Path.of(JAR);
    }
}
