package dev.marina.cli;

import picocli.CommandLine.Option;

/** {@code -o, --output} on every command that can answer scripts as well as people. */
public final class OutputFormatOption {

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "Output format: table (default, for people), json or yaml (for scripts: what the control"
                    + " plane sent, as it sent it).")
    OutputFormat format;
}
