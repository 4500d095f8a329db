package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.http.MemberLogs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code marina logs NAME MEMBER}: the tail of one member's log. */
@Command(
        name = "logs",
        header = "Print the tail of a member's log.",
        description = "Member names are listed by 'marina describe cluster NAME'.",
        footer = {"  marina logs demo demo-postgres-1", "  marina logs demo demo-postgres-2 --lines 500"})
public final class LogsCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Parameters(index = "1", paramLabel = "MEMBER", description = "The member's name, e.g. demo-postgres-1.")
    String member;

    @Option(
            names = {"-n", "--lines"},
            paramLabel = "N",
            defaultValue = "100",
            description = "How many lines (default: ${DEFAULT-VALUE}).")
    int lines;

    private final CommandContext context;

    public LogsCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        if (lines < 1) {
            throw new ParameterException(spec.commandLine(), "--lines must be at least 1, got " + lines);
        }
        MemberLogs logs;
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            logs = client.memberLogs(name, member, lines);
        }
        String text = logs.text() == null ? "" : logs.text();
        context.out().print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
        return ExitCodes.OK;
    }
}
