package dev.marina.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PostgreSQL 15's own programs (initdb, pg_ctl, pg_basebackup, pgbench), run as the engine user. */
final class EnginePrograms {

    static final Path PROGRAMS = Path.of("/usr/lib/postgresql/15/bin");

    private EnginePrograms() {}

    /** Runs {@code program} from {@code directory}, which the engine user must be able to read. */
    static String run(Path directory, Map<String, String> environment, String program, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PROGRAMS.resolve(program).toString());
        command.addAll(List.of(arguments));
        return Shell.run(Shell.asEngineUser(command), environment, directory);
    }
}
