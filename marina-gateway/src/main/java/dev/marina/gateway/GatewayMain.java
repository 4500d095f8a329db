package dev.marina.gateway;

import dev.marina.gateway.config.GatewayConfig;
import dev.marina.gateway.config.GatewayConfigs;
import dev.marina.gateway.config.InvalidConfigException;
import io.netty.util.ResourceLeakDetector;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway process: {@code GatewayMain --config FILE}. Runs until terminated; {@code POST /admin/reload} reads the
 * file again. A bad configuration exits with 2 and one line that names the field.
 */
public final class GatewayMain {

    /** Netty's system property for its leak detection level; when set, it is obeyed. */
    private static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    private GatewayMain() {}

    public static void main(String[] arguments) throws Exception {
        if (arguments.length != 2 || !arguments[0].equals("--config")) {
            System.err.println("usage: GatewayMain --config FILE");
            System.exit(2);
            return;
        }
        GatewayConfig config;
        try {
            config = GatewayConfigs.read(Path.of(arguments[1]));
        } catch (InvalidConfigException e) {
            System.err.println("gateway configuration " + arguments[1] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        // Netty's default leak detection records a stack trace for one buffer in 128 it hands out: a few per cent of
        // the event loop's time under load, for a check the tests (which keep it) already make.
        if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        Path file = Path.of(arguments[1]);
        Gateway gateway = Gateway.start(config, new SqlInspector(), file);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }));
        System.out.println("gateway " + config.name() + " ready: " + gateway.ports() + " admin=" + gateway.adminPort());
        stopped.await();
    }
}
