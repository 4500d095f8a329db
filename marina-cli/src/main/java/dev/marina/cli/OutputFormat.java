package dev.marina.cli;

/** How {@code -o} prints results: a table for people, JSON or YAML for scripts. */
public enum OutputFormat {
    TABLE,
    JSON,
    YAML
}
