package dev.marina.engine.postgresql;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a gateway member is started: the command that runs {@code dev.marina.gateway.GatewayMain} (a JVM with the jar
 * that holds the gateway), and the file where the control plane writes its own address, which the gateway reads to
 * find the topology feed.
 *
 * @param javaCommand the JVM and its options, up to the main class
 * @param addressFile the file holding the control plane's base URL
 */
public record GatewayProgram(List<String> javaCommand, Path addressFile) {

    static final String MAIN_CLASS = "dev.marina.gateway.GatewayMain";

    /**
     * A gateway runs on one event loop thread with a small heap; the serial collector adds no threads of its own, which
     * is what a proxy on a shared machine wants. PerMethodTrapLimit=0 halved the JIT's CPU while a gateway warms up,
     * with no difference once warm (bin/bench gateway; docs/architecture.md).
     */
    static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:PerMethodTrapLimit=0", "-Xss512k", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

    public GatewayProgram {
        javaCommand = List.copyOf(javaCommand);
        requireNonNull(addressFile, "addressFile is null");
        if (javaCommand.isEmpty()) {
            throw new IllegalArgumentException("javaCommand is empty");
        }
    }

    /** The gateway run by the same JVM and class path as this process (the control plane, from marina.jar). */
    public static GatewayProgram ofThisProcess(Path addressFile) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() ->
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        return new GatewayProgram(command, addressFile);
    }

    /**
     * The gateway run by {@code java} from {@code classPath} with the same JVM options as {@link #ofThisProcess}: for a
     * container image, whose layout is known when the pod is rendered rather than read from the running process.
     */
    public static GatewayProgram of(String java, String classPath, Path addressFile) {
        requireNonNull(java, "java is null");
        requireNonNull(classPath, "classPath is null");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(classPath);
        return new GatewayProgram(command, addressFile);
    }

    List<String> command(Path config) {
        List<String> command = new ArrayList<>(javaCommand);
        command.add(MAIN_CLASS);
        command.add("--config");
        command.add(config.toString());
        return command;
    }
}
