package dev.marina.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a scenario's raw numbers to {@code bench-results/SCENARIO.json} (ignored by git), so that the table in
 * docs/benchmarks.md can be checked and other summaries computed later.
 */
final class BenchmarkResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchmarkResults() {}

    static Path write(Path repository, String scenario, Map<String, Object> values) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("scenario", scenario);
        document.put("at", Instant.now().toString());
        document.putAll(values);
        Path results = repository.resolve("bench-results");
        Files.createDirectories(results);
        Path file = results.resolve(scenario + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        return file;
    }
}
