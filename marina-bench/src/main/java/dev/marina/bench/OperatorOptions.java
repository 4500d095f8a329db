package dev.marina.bench;

import java.util.List;

/**
 * {@code bin/bench operator [--clusters N] [--rounds R] [--store indexed|fabric8] [--floor-only]}: how many
 * DatabaseClusters each round creates (3 members each), and how many rounds, each against a fresh mock API server
 * keeping its objects in {@code store} and a fresh operator; with {@code --floor-only}, no operator and no rounds, only
 * the mock API server's own floor for that many clusters ({@link MockServerFloor}), printed and not written to
 * docs/benchmarks.md, to compare stores quickly.
 *
 * @param heap the operator's -Xmx, which is also the memory goal
 */
record OperatorOptions(int clusters, int rounds, String heap, MockApiStore store, boolean floorOnly) {

    static final String USAGE =
            "bin/bench operator [--clusters N] [--rounds N] [--store " + MockApiStore.names() + "] [--floor-only]";

    static final int DEFAULT_CLUSTERS = 1_000;
    static final int DEFAULT_ROUNDS = 1;
    static final String DEFAULT_HEAP = "512m";
    static final MockApiStore DEFAULT_STORE = MockApiStore.INDEXED;

    static OperatorOptions parse(List<String> arguments) {
        int clusters = DEFAULT_CLUSTERS;
        int rounds = DEFAULT_ROUNDS;
        MockApiStore store = DEFAULT_STORE;
        boolean floorOnly = false;
        for (int index = 0; index < arguments.size(); index++) {
            String option = arguments.get(index);
            if (option.equals("--floor-only")) {
                floorOnly = true;
                continue;
            }
            if (!List.of("--clusters", "--rounds", "--store").contains(option)) {
                throw new IllegalArgumentException("unknown option " + option);
            }
            if (index + 1 >= arguments.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = arguments.get(++index);
            switch (option) {
                case "--clusters" -> clusters = wholeNumber(option, value);
                case "--rounds" -> rounds = wholeNumber(option, value);
                default -> store = MockApiStore.parse(value);
            }
        }
        return new OperatorOptions(clusters, rounds, DEFAULT_HEAP, store, floorOnly);
    }

    private static int wholeNumber(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(option + " needs a whole number of at least 1, not " + value);
    }
}
