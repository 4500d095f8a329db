package dev.marina.cli;

import picocli.CommandLine.Option;

/** {@code --force}, on the operations the control plane may refuse to protect synchronous redundancy. */
public final class ForceOption {

    @Option(
            names = "--force",
            description = "In a synchronous cluster, go ahead even when no other replica would stream, giving up"
                    + " synchronous redundancy (refused without it).")
    boolean requested;
}
