package dev.marina.engine.postgresql;

import java.util.Set;

/** The settings Marina writes itself, which a spec may not override. */
final class PostgresSettings {

    static final Set<String> MANAGED = Set.of(
            "data_directory",
            "hba_file",
            "ident_file",
            "config_file",
            "external_pid_file",
            "listen_addresses",
            "port",
            "unix_socket_directories",
            "cluster_name",
            "wal_level",
            "wal_log_hints",
            "hot_standby",
            "primary_conninfo",
            "primary_slot_name",
            "recovery_target_timeline",
            "synchronous_standby_names",
            "logging_collector",
            "log_destination");

    private PostgresSettings() {}
}
