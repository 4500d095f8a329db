package dev.marina.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One timed pgbench run against a port on 127.0.0.1, as the bench user. Its vacuum step is skipped ({@code -n}): the
 * benchmark does that directly, so that a proxy's counters hold only the measured transactions. Two threads, one per
 * core: pgbench itself needs CPU on this machine, like the proxies and PostgreSQL.
 */
final class PgbenchRun {

    private static final int THREADS = 2;

    /** pgbench may take a while to notice clients a broken proxy left hanging; it is killed after this much more. */
    private static final int GRACE_SECONDS = 60;

    private PgbenchRun() {}

    static PgbenchResult run(PgbenchCell cell, int port, int seconds, String password)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                EnginePrograms.PROGRAMS.resolve("pgbench").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                StandalonePostgres.USER,
                "-n",
                "-T",
                Integer.toString(seconds),
                "-j",
                Integer.toString(Math.min(THREADS, cell.clients()))));
        command.addAll(cell.arguments());
        command.add(StandalonePostgres.DATABASE);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        process.getOutputStream().close();
        // Read on another thread: a chatty failing run could fill the pipe and block pgbench before the deadline.
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(could not read pgbench's output: ")
                        .append(e.getMessage())
                        .append(')');
            }
        });
        if (!process.waitFor(seconds + GRACE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            reader.join();
            return PgbenchResult.failed("pgbench did not finish within " + (seconds + GRACE_SECONDS) + " s");
        }
        reader.join();
        return PgbenchResult.parse(process.exitValue(), output.toString());
    }
}
