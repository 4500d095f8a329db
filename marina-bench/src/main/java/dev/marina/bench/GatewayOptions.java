package dev.marina.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway benchmark's options. {@code --quick} sets shorter defaults (1 round of 3 s runs, 8 clients only) that
 * the other options still override. By default, 3 rounds of 12 cells on 3 targets at 8 s a run take about 15 minutes.
 *
 * @param command the command line as typed, for docs/benchmarks.md
 */
record GatewayOptions(
        String command,
        int rounds,
        int seconds,
        int scale,
        int poolSize,
        List<GatewayTarget> targets,
        List<PgbenchCell> cells) {

    static final String USAGE = "bin/bench gateway [--quick] [--rounds N] [--seconds N] [--scale N] [--pool-size N]"
            + " [--targets " + GatewayTarget.options() + "]";

    /**
     * The discarded run of each script and protocol that lets the gateway's JIT compile that workload's paths before
     * anything is measured, as a long-running gateway would have.
     */
    static final int WARM_UP_SECONDS = 3;

    GatewayOptions {
        targets = List.copyOf(targets);
        cells = List.copyOf(cells);
    }

    /** Parses the arguments after {@code gateway}; a mistake throws IllegalArgumentException naming the option. */
    static GatewayOptions parse(List<String> arguments) {
        boolean quick = arguments.contains("--quick");
        int rounds = quick ? 1 : 3;
        int seconds = quick ? 3 : 8;
        int scale = 10;
        int poolSize = 20;
        Set<GatewayTarget> targets = EnumSet.allOf(GatewayTarget.class);
        for (int index = 0; index < arguments.size(); index++) {
            String option = arguments.get(index);
            if (option.equals("--quick")) {
                continue;
            }
            String value = index + 1 < arguments.size() ? arguments.get(index + 1) : null;
            index++;
            switch (option) {
                case "--rounds" -> rounds = wholeNumber(option, value);
                case "--seconds" -> seconds = wholeNumber(option, value);
                case "--scale" -> scale = wholeNumber(option, value);
                case "--pool-size" -> poolSize = wholeNumber(option, value);
                case "--targets" -> targets = targets(value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return new GatewayOptions(
                String.join(" ", withScenario(arguments)),
                rounds,
                seconds,
                scale,
                poolSize,
                new ArrayList<>(targets),
                quick ? PgbenchCell.quick() : PgbenchCell.all());
    }

    boolean measures(GatewayTarget target) {
        return targets.contains(target);
    }

    /** A rough estimate for the first progress line: the runs themselves, plus a little for each pgbench start. */
    long estimatedMinutes() {
        long runs = (long) rounds * cells.size() * targets.size();
        long warmUps = measures(GatewayTarget.GATEWAY) ? warmUpCells().size() : 0;
        return Math.max(1, Math.round((runs * (seconds + 0.5) + warmUps * (WARM_UP_SECONDS + 0.5)) / 60.0));
    }

    /** One run of each script and protocol the measured cells use, at the smallest client count among them. */
    List<PgbenchCell> warmUpCells() {
        List<PgbenchCell> warmUps = new ArrayList<>();
        for (PgbenchCell cell : cells) {
            int clients = cells.stream()
                    .filter(other -> other.script().equals(cell.script())
                            && other.protocol().equals(cell.protocol()))
                    .mapToInt(PgbenchCell::clients)
                    .min()
                    .orElseThrow();
            PgbenchCell warmUp = new PgbenchCell(cell.script(), clients, cell.protocol());
            if (!warmUps.contains(warmUp)) {
                warmUps.add(warmUp);
            }
        }
        return warmUps;
    }

    private static List<String> withScenario(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("bin/bench", "gateway"));
        command.addAll(arguments);
        return command;
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
        throw new IllegalArgumentException(option + " needs a whole number of at least 1");
    }

    private static Set<GatewayTarget> targets(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--targets needs a list such as " + GatewayTarget.options());
        }
        Set<GatewayTarget> targets = EnumSet.noneOf(GatewayTarget.class);
        for (String name : value.split(",")) {
            targets.add(GatewayTarget.fromOption(name));
        }
        return targets;
    }
}
