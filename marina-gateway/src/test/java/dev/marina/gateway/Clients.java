package dev.marina.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real PostgreSQL client programs (psql, pgbench) against a gateway. */
final class Clients {

    private Clients() {}

    record Result(int exitCode, String output) {}

    static Result run(String password, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("PGPASSWORD", password);
        environment.put("PGCONNECT_TIMEOUT", "10");
        environment.remove("PGSERVICE");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    static Result psql(String password, String url, String... sql) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", url));
        for (String statement : sql) {
            command.add("-c");
            command.add(statement);
        }
        return run(password, command);
    }
}
