package dev.marina.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bin/bench SCENARIO [--rounds N]}: runs a benchmark, prints its table and updates docs/benchmarks.md. Exits 1
 * when the benchmark saw a broken promise (such as a lost acknowledged write, or a run through the gateway that
 * failed), after reporting it; 2 when the command was wrong or a program it needs is missing.
 */
public final class BenchMain {

    private static final String USAGE = "usage: bin/bench provisioning|failover|operations [--rounds N]\n       "
            + GatewayOptions.USAGE + "\n       " + OperatorOptions.USAGE;

    /**
     * PgJDBC logs a stack trace whenever a writer's connection attempt meets a member that is going away ("Failed to
     * closed stream"); the driver then tries the next host, the write's outcome is recorded as usual, and the trace
     * only buries the progress lines. Held in a field: a logger nobody references may be collected, and its level
     * with it.
     */
    private static final Logger DRIVER_CONNECTIONS = Logger.getLogger("org.postgresql.core.ConnectionFactory");

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        DRIVER_CONNECTIONS.setLevel(Level.SEVERE);
        if (args.length == 0
                || !List.of("provisioning", "failover", "operations", "gateway", "operator")
                        .contains(args[0])) {
            System.err.println(USAGE);
            System.exit(2);
        }
        String scenario = args[0];
        Path repository = Path.of(System.getProperty("marina.repository", "."))
                .toAbsolutePath()
                .normalize();
        if (scenario.equals("gateway")) {
            GatewayOptions options = gatewayOptions(List.of(args).subList(1, args.length));
            if (!new GatewayBenchmark(repository, options).run()) {
                System.exit(1);
            }
            return;
        }
        if (scenario.equals("operator")) {
            if (!new OperatorBenchmark(repository, operatorOptions(List.of(args).subList(1, args.length))).run()) {
                System.exit(1);
            }
            return;
        }
        int rounds = scenario.equals("failover") ? 10 : 5;
        List<String> options = List.of(args);
        int index = options.indexOf("--rounds");
        if (index >= 0) {
            rounds = roundsOption(options, index);
        }
        if (scenario.equals("provisioning")) {
            new ProvisioningBenchmark(repository, rounds).run();
            return;
        }
        boolean promisesKept = scenario.equals("failover")
                ? new FailoverBenchmark(repository, rounds).run()
                : new OperationsBenchmark(repository, rounds).run();
        if (!promisesKept) {
            System.exit(1);
        }
    }

    /** The gateway benchmark's options, or the usage and exit 2; also exit 2 when PgBouncer is asked for but absent. */
    private static GatewayOptions gatewayOptions(List<String> arguments) {
        GatewayOptions options;
        try {
            options = GatewayOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\nusage: " + GatewayOptions.USAGE);
            System.exit(2);
            return null;
        }
        if (options.measures(GatewayTarget.PGBOUNCER) && !PgBouncerProxy.installed()) {
            System.err.println("bench: " + PgBouncerProxy.installHint());
            System.exit(2);
        }
        return options;
    }

    private static OperatorOptions operatorOptions(List<String> arguments) {
        try {
            return OperatorOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\nusage: " + OperatorOptions.USAGE);
            System.exit(2);
            return null;
        }
    }

    private static int roundsOption(List<String> options, int index) {
        try {
            int rounds = Integer.parseInt(options.get(index + 1));
            if (rounds >= 1) {
                return rounds;
            }
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            // Reported below, with the usage.
        }
        System.err.println("bench: --rounds needs a whole number of at least 1; " + USAGE);
        System.exit(2);
        return 0;
    }
}
