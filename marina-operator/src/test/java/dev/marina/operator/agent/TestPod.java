package dev.marina.operator.agent;

import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.operator.render.MemberPlanFiles;
import dev.marina.runtime.local.EngineUser;
import dev.marina.runtime.local.LocalHost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A member's pod without Kubernetes: the directories Kubernetes would mount (the member's volume, its configuration and
 * run directories, made the engine user's as fsGroup makes them the pod's), its ConfigMap and Secret as files, and
 * the agent running in this JVM on loopback, as the container's first process runs it.
 */
final class TestPod implements AutoCloseable {

    static final String TOKEN = "test-token-0123456789abcdef";

    private final MemberContext member;
    private final AgentMain.Running running;
    private final PodAgentClient client;
    private boolean stopped;

    private TestPod(MemberContext member, AgentMain.Running running, PodAgentClient client) {
        this.member = member;
        this.running = running;
        this.client = client;
    }

    /** Mounts {@code plan} as the member's ConfigMap and Secret, and boots the agent with its command. */
    static TestPod start(MemberContext member, MemberPlan plan, List<String> credentialNames) throws IOException {
        mountPoints(member);
        Path planDirectory = member.layout().root().resolveSibling(member.name() + "-plan");
        MemberPlanFiles files = MemberPlanFiles.of(plan, Map.of());
        write(planDirectory.resolve("config"), files.config());
        write(planDirectory.resolve("secret"), files.secret());
        AgentSettings settings = new AgentSettings(
                member.identity().cluster(),
                member.name(),
                "test",
                TOKEN,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                member.layout(),
                new MountedPlan(planDirectory.resolve("config"), planDirectory.resolve("secret")),
                plan.stopSignal(),
                plan.command());
        AgentMain.Running running = AgentMain.run(settings, line -> {});
        PodAgentClient client = new PodAgentClient(
                PodAgentClient.httpClient(),
                URI.create("http://127.0.0.1:" + running.port()),
                member.name(),
                TOKEN,
                credentialNames);
        return new TestPod(member, running, client);
    }

    /** The directories Kubernetes mounts, as the pod finds them: there, and writable by the engine's user. */
    static void mountPoints(MemberContext member) {
        EngineUser user = EngineUser.detect(null);
        LocalHost host = new LocalHost(user, member.layout().root());
        // The cluster's directory: reachable by the engine user, as the local runtime lays it out.
        Path cluster = member.layout().root().getParent();
        try {
            Files.createDirectories(cluster);
            Files.setPosixFilePermissions(
                    cluster, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (Path directory : List.of(
                member.layout().root(),
                member.layout().config(),
                member.layout().run())) {
            host.createDirectory(directory, "rwx------");
        }
    }

    private static void write(Path directory, Map<String, String> files) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    MemberContext member() {
        return member;
    }

    PodAgentClient client() {
        return client;
    }

    RemoteMemberAgent remote() {
        return new RemoteMemberAgent(client, member);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + running.port() + path);
    }

    /** What the pod's SIGTERM does. */
    void terminate() {
        if (!stopped) {
            stopped = true;
            running.stop();
        }
    }

    @Override
    public void close() {
        terminate();
    }
}
