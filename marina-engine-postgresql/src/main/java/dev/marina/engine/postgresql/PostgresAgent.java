package dev.marina.engine.postgresql;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberHost;
import dev.marina.control.engine.MemberHost.CommandResult;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Acts on one member's data directory. Each data set is built in a side directory and renamed into place, so the data
 * directory either holds a complete data set or does not exist: an interrupted initdb or clone leaves nothing that
 * looks usable, and running the action again starts clean.
 */
final class PostgresAgent implements MemberAgent {

    private final MemberContext member;
    private final MemberHost host;
    private final PostgresInstallation installation;

    PostgresAgent(MemberContext member, MemberHost host, PostgresInstallation installation) {
        this.member = requireNonNull(member, "member is null");
        this.host = requireNonNull(host, "host is null");
        this.installation = requireNonNull(installation, "installation is null");
    }

    @Override
    public boolean hasData() {
        Path data = member.layout().data();
        return Files.isRegularFile(data.resolve("PG_VERSION"))
                && Files.isRegularFile(data.resolve("global/pg_control"));
    }

    @Override
    public void initialize() {
        if (hasData()) {
            return;
        }
        refuseForeignData();
        Path side = sideDirectory("initdb");
        Path passwordFile = member.layout().root().resolve("initdb.pwfile");
        host.createDirectory(member.layout().root(), "rwx------");
        host.delete(side);
        host.writeFile(passwordFile, member.credentials().password(PostgresEngine.SUPERUSER) + "\n", true);
        try {
            run(
                    List.of(
                            program("initdb"),
                            "--pgdata=" + side,
                            "--username=" + ConfigRenderer.SUPERUSER,
                            "--pwfile=" + passwordFile,
                            "--auth=scram-sha-256",
                            // Checksums let pg_rewind work and catch silent corruption.
                            "--data-checksums",
                            "--encoding=UTF8",
                            "--locale=C.UTF-8",
                            // A new, empty data set holds nothing to lose; PostgreSQL syncs its own writes from here
                            // on.
                            "--no-sync"),
                    Duration.ofMinutes(2),
                    "initdb");
        } finally {
            host.delete(passwordFile);
        }
        moveIntoPlace(side);
    }

    @Override
    public void cloneFrom(MemberContext source) {
        if (hasData()) {
            return;
        }
        refuseForeignData();
        Path side = sideDirectory("clone");
        Path passFile = member.layout().root().resolve("clone.pgpass");
        host.createDirectory(member.layout().root(), "rwx------");
        host.delete(side);
        host.writeFile(passFile, ConfigRenderer.pgpass(member), true);
        try {
            run(
                    List.of(
                            program("pg_basebackup"),
                            "--pgdata=" + side,
                            "--host=" + source.endpoint().host(),
                            "--port=" + source.endpoint().port(PostgresEngine.PORT),
                            "--username=" + ConfigRenderer.REPLICATION_USER,
                            "--no-password",
                            "--wal-method=stream",
                            // The slot was made by prepareReplica: WAL is kept from the start of the copy.
                            "--slot=" + SlotNames.forMember(member.name()),
                            // A spread checkpoint waits seconds to minutes under load (ENGINE-NOTES, trap 7).
                            "--checkpoint=fast",
                            "--no-sync"),
                    Map.of("PGPASSFILE", passFile.toString(), "PGAPPNAME", member.name()),
                    Duration.ofMinutes(30),
                    "pg_basebackup from " + source.name());
        } finally {
            host.delete(passFile);
        }
        // The copy carries the source's auto configuration; per-member settings live in Marina's own file.
        host.delete(side.resolve("postgresql.auto.conf"));
        host.writeFile(side.resolve("standby.signal"), "", false);
        moveIntoPlace(side);
    }

    @Override
    public void wipe() {
        host.delete(member.layout().data());
        host.delete(sideDirectory("initdb"));
        host.delete(sideDirectory("clone"));
    }

    @Override
    public void rewindFrom(MemberContext source) {
        if (!hasData()) {
            throw new RuntimeFailure(member.name() + " has no data to rewind; clone it instead");
        }
        // Right after a promotion the source's control file may still name the old timeline, and pg_rewind would then
        // find nothing to do (ENGINE-NOTES, trap 4). The promotion runs a checkpoint; this one covers a control plane
        // that died between the two.
        try {
            ClusterSql.checkpoint(source);
        } catch (RuntimeFailure e) {
            // The caller wipes and clones the member a rewind failed for: the message must name it.
            throw new RuntimeFailure(
                    "cannot rewind " + member.name() + " from " + source.name() + ": " + e.getMessage(), e);
        }
        Path passFile = member.layout().root().resolve("rewind.pgpass");
        host.writeFile(
                passFile,
                "*:*:*:" + ConfigRenderer.SUPERUSER + ":" + member.credentials().password(PostgresEngine.SUPERUSER)
                        + "\n",
                true);
        try {
            run(
                    List.of(
                            program("pg_rewind"),
                            "--target-pgdata=" + member.layout().data(),
                            "--source-server=host=" + source.endpoint().host() + " port="
                                    + source.endpoint().port(PostgresEngine.PORT) + " user="
                                    + ConfigRenderer.SUPERUSER + " dbname=postgres connect_timeout=5"),
                    Map.of("PGPASSFILE", passFile.toString(), "PGAPPNAME", member.name() + "-rewind"),
                    Duration.ofMinutes(30),
                    "pg_rewind from " + source.name());
        } finally {
            host.delete(passFile);
        }
        // pg_rewind copies the source's auto configuration; per-member settings live in Marina's own file.
        host.delete(member.layout().data().resolve("postgresql.auto.conf"));
        host.writeFile(member.layout().data().resolve("standby.signal"), "", false);
    }

    @Override
    public OptionalLong stoppedPosition() {
        if (!hasData()) {
            return OptionalLong.empty();
        }
        CommandResult result = host.run(
                List.of(program("pg_controldata"), "--pgdata=" + member.layout().data()),
                Map.of("LC_ALL", "C"),
                Duration.ofSeconds(30));
        if (!result.succeeded()) {
            throw new RuntimeFailure("pg_controldata for " + member.name() + " failed (exit " + result.exitCode()
                    + "): " + cause(result.output()));
        }
        return ControlData.stoppedPosition(result.output());
    }

    private Path sideDirectory(String purpose) {
        return member.layout().data().resolveSibling(member.layout().data().getFileName() + "." + purpose);
    }

    /** A data directory that exists but is not a complete data set is not ours to overwrite: say so. */
    private void refuseForeignData() {
        Path data = member.layout().data();
        if (!Files.exists(data)) {
            return;
        }
        try (var entries = Files.list(data)) {
            if (entries.findAny().isPresent()) {
                throw new RuntimeFailure(
                        "data directory " + data + " of " + member.name()
                                + " is not empty but holds no complete PostgreSQL data set; move it away or rebuild the member");
            }
        } catch (IOException e) {
            throw new RuntimeFailure(
                    "cannot read data directory " + data + " of " + member.name() + ": " + e.getMessage(), e);
        }
        host.delete(data);
    }

    private void moveIntoPlace(Path side) {
        try {
            Files.move(side, member.layout().data(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RuntimeFailure(
                    "cannot move " + side + " to " + member.layout().data() + ": " + e.getMessage(), e);
        }
    }

    private String program(String name) {
        String program = installation.program(member.spec().version(), name);
        if (!Files.isExecutable(Path.of(program))) {
            throw new RuntimeFailure("PostgreSQL program " + program + " not found; "
                    + PostgresInstallation.installHint(member.spec().version()));
        }
        return program;
    }

    private void run(List<String> command, Duration timeout, String what) {
        run(command, Map.of(), timeout, what);
    }

    private void run(List<String> command, Map<String, String> environment, Duration timeout, String what) {
        CommandResult result = host.run(command, environment, timeout);
        if (!result.succeeded()) {
            throw new RuntimeFailure(what + " for " + member.name() + " failed (exit " + result.exitCode() + "): "
                    + cause(result.output()));
        }
    }

    /**
     * The lines of a tool's output that say what went wrong. PostgreSQL's tools end with a "detail" line (pg_rewind:
     * the command it ran) after the error, and a server they started reports the cause as FATAL before both.
     */
    static String cause(String output) {
        List<String> lines = output.strip().lines().toList();
        List<String> errors = lines.stream()
                .filter(line -> line.contains("FATAL:") || line.contains("PANIC:") || line.contains("error:"))
                .toList();
        if (!errors.isEmpty()) {
            return String.join("; ", errors.subList(Math.max(0, errors.size() - 3), errors.size()));
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }
}
