package dev.marina.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One cell of the gateway benchmark's table: a pgbench script, a number of clients and a query protocol, measured on
 * every target.
 *
 * @param script {@code select-only} ({@code -S}) or {@code tpcb-like} (pgbench's default)
 * @param clients pgbench's {@code -c}
 * @param protocol pgbench's {@code -M}: {@code simple}, {@code extended} or {@code prepared}
 */
record PgbenchCell(String script, int clients, String protocol) {

    static final String SELECT_ONLY = "select-only";
    static final String TPCB = "tpcb-like";

    private static final List<String> SCRIPTS = List.of(SELECT_ONLY, TPCB);
    private static final List<String> PROTOCOLS = List.of("simple", "extended", "prepared");

    /** Both scripts at 8 and 32 clients, in each protocol: what issue 5 asks for. */
    static List<PgbenchCell> all() {
        return cells(List.of(8, 32));
    }

    /** The same at 8 clients only, for a quick check that every target and protocol works. */
    static List<PgbenchCell> quick() {
        return cells(List.of(8));
    }

    /** pgbench's arguments that make this cell. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of("-c", Integer.toString(clients), "-M", protocol));
        if (script.equals(SELECT_ONLY)) {
            arguments.add("-S");
        }
        return arguments;
    }

    String label() {
        return script + " -c " + clients + " -M " + protocol;
    }

    private static List<PgbenchCell> cells(List<Integer> clientCounts) {
        List<PgbenchCell> cells = new ArrayList<>();
        for (String script : SCRIPTS) {
            for (int clients : clientCounts) {
                for (String protocol : PROTOCOLS) {
                    cells.add(new PgbenchCell(script, clients, protocol));
                }
            }
        }
        return cells;
    }
}
