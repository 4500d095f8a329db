package dev.marina.operator.agent;

import dev.marina.control.runtime.RuntimeFailure;
import dev.marina.operator.render.KubernetesEngines;
import dev.marina.operator.render.MemberPodRenderer;
import dev.marina.runtime.local.EngineUser;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member container's first process ({@code /opt/marina/bin/marina-agent}): copies the member's plan files into
 * place, waits for the operator to start the engine (never on its own: see PodAgent#boot), answers the kubelet's probes and the operator's actions
 * on the agent port, and on SIGTERM stops the engine with its stop signal and exits once it has. It restarts nothing by
 * itself: an engine that exits stays down until the operator decides.
 */
public final class AgentMain {

    private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

    private AgentMain() {}

    public static void main(String[] arguments) {
        AgentSettings settings;
        try {
            settings = AgentSettings.fromEnvironment(System.getenv(), List.of(arguments));
        } catch (IllegalArgumentException e) {
            System.err.println("marina-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        // The engine's lines go to the agent's own output as they come: kubectl logs shows them.
        PrintStream output = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Running running;
        try {
            running = run(settings, output::println);
        } catch (RuntimeFailure | IllegalStateException e) {
            LOG.error("cluster={} member={} cannot start: {}", settings.cluster(), settings.member(), e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            running.stop();
                            stopped.countDown();
                        },
                        "agent-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The agent of {@code settings}, booted and serving; tests run it in-process. */
    static Running run(AgentSettings settings, java.util.function.Consumer<String> engineOutput) {
        EngineUser user = EngineUser.detect(null);
        PodHost host = new PodHost(
                user,
                settings.layout().root().resolve("agent"),
                Set.of(
                        settings.layout().root(),
                        settings.layout().config(),
                        settings.layout().run()));
        EngineSupervisor supervisor = new EngineSupervisor(
                settings.cluster(),
                settings.member(),
                user,
                settings.layout().root(),
                Set.of(MemberPodRenderer.AGENT_TOKEN_VARIABLE),
                engineOutput);
        PodAgent agent = new PodAgent(settings, KubernetesEngines.all(), host, supervisor);
        AgentServer server = AgentServer.start(agent, settings.token(), settings.address());
        LOG.info(
                "cluster={} member={} namespace={} agent listens on port {}",
                settings.cluster(),
                settings.member(),
                settings.namespace(),
                server.port());
        try {
            agent.boot();
        } catch (RuntimeException e) {
            server.close();
            agent.close();
            throw e;
        }
        return new Running(agent, server);
    }

    /** A booted agent: the engine it supervises and the server that answers for it. */
    record Running(PodAgent agent, AgentServer server) {

        int port() {
            return server.port();
        }

        /** What SIGTERM does: the engine's stop signal, wait for it to exit, then stop answering. */
        void stop() {
            agent.shutdown();
            server.close();
            agent.close();
        }
    }
}
