package dev.marina.gateway;

import dev.marina.gateway.config.GatewayConfig;
import dev.marina.gateway.config.GatewayConfigs;
import dev.marina.gateway.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway process: {@code GatewayMain --config FILE}. Runs until terminated; a bad configuration exits with 2
 * and one line that names the field.
 */
public final class GatewayMain {

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
        Gateway gateway = Gateway.start(config, new SqlInspector());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }));
        System.out.println("gateway " + config.name() + " ready: " + gateway.ports() + " admin=" + gateway.adminPort());
        stopped.await();
    }
}
