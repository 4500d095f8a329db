package dev.marina.bench;

import java.util.List;

/**
 * {@code bin/bench operator [--clusters N] [--rounds R]}: how many DatabaseClusters each round creates (3 members
 * each), and how many rounds, each against a fresh mock API server and a fresh operator.
 *
 * @param heap the operator's -Xmx, which is also the memory goal
 */
record OperatorOptions(int clusters, int rounds, String heap) {

    static final String USAGE = "bin/bench operator [--clusters N] [--rounds N]";

    static final int DEFAULT_CLUSTERS = 1_000;
    static final int DEFAULT_ROUNDS = 1;
    static final String DEFAULT_HEAP = "512m";

    static OperatorOptions parse(List<String> arguments) {
        int clusters = DEFAULT_CLUSTERS;
        int rounds = DEFAULT_ROUNDS;
        for (int index = 0; index < arguments.size(); index += 2) {
            String option = arguments.get(index);
            int value = wholeNumber(arguments, index);
            switch (option) {
                case "--clusters" -> clusters = value;
                case "--rounds" -> rounds = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new OperatorOptions(clusters, rounds, DEFAULT_HEAP);
    }

    private static int wholeNumber(List<String> arguments, int index) {
        String option = arguments.get(index);
        if (index + 1 >= arguments.size()) {
            throw new IllegalArgumentException(option + " needs a whole number of at least 1");
        }
        try {
            int value = Integer.parseInt(arguments.get(index + 1));
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(
                option + " needs a whole number of at least 1, not " + arguments.get(index + 1));
    }
}
