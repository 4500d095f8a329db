package dev.marina.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every command ({@code --version} belongs to {@code marina} alone). */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean requested;
}
