package dev.marina.engine.postgresql;

import dev.marina.api.validation.Quantity;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.MemberContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a member's {@code postgresql.conf} and {@code pg_hba.conf}. Pure. The files live outside the data
 * directory because pg_rewind copies the source's configuration files, and a rewound member would otherwise inherit
 * another member's port and name (ENGINE-NOTES, trap 5).
 */
final class ConfigRenderer {

    static final String REPLICATION_USER = "replicator";
    static final String SUPERUSER = "postgres";
    static final String APPLICATION_USER = "app";
    static final String APPLICATION_DATABASE = "app";

    private ConfigRenderer() {}

    static String postgresqlConf(MemberContext member, Topology topology) {
        Map<String, String> settings = new LinkedHashMap<>();
        // Defaults first, then the user's settings (which may override defaults), then what Marina must own.
        settings.put("max_connections", "100");
        settings.put("max_wal_senders", "16");
        settings.put("max_replication_slots", "16");
        settings.put("wal_keep_size", "'64MB'");
        settings.put("hot_standby_feedback", "on");
        settings.put("wal_receiver_status_interval", "'1s'");
        // How long a replica waits before asking again for WAL it could not get: 5 s by default, which is how long a
        // replica would stay behind after a failover repoints it.
        settings.put("wal_retrieve_retry_interval", "'250ms'");
        settings.put("log_line_prefix", "'%m [%p] %q%u@%d '");
        settings.put("password_encryption", "'scram-sha-256'");
        memoryBudget(member).ifPresent(bytes -> {
            settings.put("shared_buffers", "'" + Math.max(16, bytes / 4 / (1024 * 1024)) + "MB'");
            settings.put("effective_cache_size", "'" + Math.max(32, bytes * 3 / 4 / (1024 * 1024)) + "MB'");
        });
        member.spec()
                .components()
                .get(member.identity().component())
                .config()
                .forEach((key, value) -> settings.put(key, quote(value)));

        settings.put("data_directory", quote(member.layout().data().toString()));
        settings.put(
                "hba_file",
                quote(member.layout().config().resolve("pg_hba.conf").toString()));
        settings.put(
                "ident_file",
                quote(member.layout().config().resolve("pg_ident.conf").toString()));
        settings.put("listen_addresses", quote(member.endpoint().host()));
        settings.put("port", String.valueOf(member.endpoint().port(PostgresEngine.PORT)));
        settings.put("unix_socket_directories", quote(member.layout().run().toString()));
        settings.put("cluster_name", quote(member.name()));
        settings.put("wal_level", "replica");
        // pg_rewind needs hint bits logged (or checksums, which initdb -k also turns on).
        settings.put("wal_log_hints", "on");
        settings.put("hot_standby", "on");
        settings.put("logging_collector", "off");
        settings.put("log_destination", "'stderr'");
        // On every member, primary too: it only matters in recovery, and a postmaster setting that disappears from
        // the file at a promotion would leave the new primary pending a restart for nothing.
        settings.put("recovery_target_timeline", "'latest'");
        if (!topology.isKnown() || topology.isPrimary(member)) {
            // Also when the primary is unknown: a member that turns out to be the primary must not take commits
            // before a standby confirms them. A standby ignores the setting.
            settings.put("synchronous_standby_names", quote(synchronousStandbyNames(member, topology)));
        } else {
            MemberContext upstream = topology.primary().orElseThrow();
            settings.put("primary_conninfo", quote(primaryConninfo(member, upstream)));
            settings.put("primary_slot_name", quote(SlotNames.forMember(member.name())));
            settings.put("synchronous_standby_names", "''");
        }
        String body = settings.entrySet().stream()
                .map(entry -> entry.getKey() + " = " + entry.getValue())
                .collect(Collectors.joining("\n"));
        return "# Written by Marina for " + member.name() + ". Edits are overwritten:\n"
                + "# change spec.components." + member.identity().component() + ".config instead.\n"
                + body + "\n";
    }

    /** {@code ANY 1 ("a", "b")}: a commit waits for any one standby, so losing one standby does not stop writes. */
    static String synchronousStandbyNames(MemberContext member, Topology topology) {
        List<String> standbys = topology.synchronousStandbys().stream()
                .filter(name -> !name.equals(member.name()))
                .toList();
        if (!topology.synchronous() || standbys.isEmpty()) {
            return "";
        }
        return "ANY 1 (" + standbys.stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(", ")) + ")";
    }

    static String primaryConninfo(MemberContext member, MemberContext upstream) {
        return String.join(
                " ",
                List.of(
                        "host=" + upstream.endpoint().host(),
                        "port=" + upstream.endpoint().port(PostgresEngine.PORT),
                        "user=" + REPLICATION_USER,
                        "passfile=" + member.layout().config().resolve("pgpass"),
                        "application_name=" + member.name(),
                        "connect_timeout=2",
                        "sslmode=prefer"));
    }

    static String pgHba(MemberContext member) {
        boolean loopback = member.endpoint().host().startsWith("127.")
                || member.endpoint().host().equals("localhost");
        String v4 = loopback ? "127.0.0.1/32" : "0.0.0.0/0";
        String v6 = loopback ? "::1/128" : "::/0";
        return String.join(
                "\n",
                "# Written by Marina. Every connection authenticates with SCRAM; nobody is trusted by address.",
                "local   all          all                        scram-sha-256",
                "host    replication  " + REPLICATION_USER + "  " + v4 + "  scram-sha-256",
                "host    replication  " + REPLICATION_USER + "  " + v6 + "  scram-sha-256",
                "host    all          all          " + v4 + "  scram-sha-256",
                "host    all          all          " + v6 + "  scram-sha-256",
                "");
    }

    static String pgpass(MemberContext member) {
        return "*:*:*:" + REPLICATION_USER + ":" + member.credentials().password(PostgresEngine.REPLICATION) + "\n";
    }

    private static java.util.Optional<Long> memoryBudget(MemberContext member) {
        var component = member.spec().components().get(member.identity().component());
        if (component.resources() == null) {
            return java.util.Optional.empty();
        }
        String memory = component
                .resources()
                .limits()
                .getOrDefault("memory", component.resources().requests().get("memory"));
        return memory == null ? java.util.Optional.empty() : java.util.Optional.of(Quantity.bytes(memory));
    }

    /**
     * Quotes a value for postgresql.conf. Only what the file's grammar takes bare stays bare: a number with an optional
     * unit ({@code 64MB}, {@code 0.5}) or an identifier ({@code on}, {@code replica}); anything else, an address
     * like {@code 127.0.0.1} included, is single-quoted.
     */
    static String quote(String value) {
        if (value.matches("-?[0-9]+(\\.[0-9]+)?[A-Za-z]*") || value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return value;
        }
        if (value.startsWith("'") && value.endsWith("'") && value.length() >= 2) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
