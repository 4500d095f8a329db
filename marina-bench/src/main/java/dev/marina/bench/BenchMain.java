package dev.marina.bench;

import java.nio.file.Path;
import java.util.List;

/** {@code bin/bench SCENARIO [--rounds N]}: runs a benchmark, prints its table and updates docs/benchmarks.md. */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("provisioning")) {
            System.err.println("usage: bin/bench provisioning [--rounds N]");
            System.exit(2);
        }
        int rounds = 5;
        List<String> options = List.of(args);
        int index = options.indexOf("--rounds");
        if (index >= 0 && index + 1 < options.size()) {
            rounds = Integer.parseInt(options.get(index + 1));
        }
        Path repository = Path.of(System.getProperty("marina.repository", "."))
                .toAbsolutePath()
                .normalize();
        new ProvisioningBenchmark(repository, rounds).run();
    }
}
