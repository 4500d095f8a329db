package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.http.ServerStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code marina status}: whether the control plane of MARINA_HOME runs, where, and since when. */
@Command(
        name = "status",
        header = "Show whether the control plane runs, and where.",
        description = {
            "Show the control plane's pid, API address, home, start time and number of clusters. Exits with 3"
                    + " when it does not run."
        },
        footer = {"  marina status", "  marina status -o json"})
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    OutputFormatOption outputOption;

    private final CommandContext context;

    public StatusCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        ServerStatus status;
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            status = client.status();
        }
        if (outputOption.format != OutputFormat.TABLE) {
            context.out().print(StructuredOutput.of(status, outputOption.format));
            return ExitCodes.OK;
        }
        String started = status.startedAt() == null
                ? null
                : Ages.since(status.startedAt(), context.clock().instant()) + " ago";
        Table table = Table.of(
                List.of("pid", "api", "home", "started", "clusters", "version"),
                List.of(Table.row(
                        status.pid(),
                        status.address() == null ? null : api(status.address()),
                        status.home(),
                        started,
                        status.clusters(),
                        status.version())));
        context.out().print(table.render());
        return ExitCodes.OK;
    }

    private static String api(String address) {
        return address.contains("://") ? address : "http://" + address;
    }
}
