package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code marina} command: the entry point of the jar, and the root every subcommand hangs from. */
@Command(
        name = "marina",
        versionProvider = VersionProvider.class,
        header = "Run databases as highly available clusters, on this machine or on Kubernetes.",
        description = {
            "marina talks to the Marina control plane of MARINA_HOME (default ~/.marina): start it with 'marina up',"
                    + " describe a cluster in YAML and 'marina apply -f' it, then 'marina connect' to it.",
            "",
            "New here? 'marina demo' starts everything and creates a 3-member PostgreSQL cluster."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:the request failed or timed out (the message says why and what to do)",
            "2:the command line is wrong",
            "3:the control plane is not running (start it with: marina up)"
        },
        footer = {
            "  MARINA_HOME   where the control plane keeps its state (default ~/.marina)",
            "  MARINA_DEBUG  when set, unexpected errors print a stack trace",
            "",
            "Run 'marina COMMAND --help' for a command's options and examples."
        })
public final class MarinaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = {"-V", "--version"},
            versionHelp = true,
            description = "Print the version and exit.")
    boolean versionRequested;

    private final CommandContext context;

    public MarinaCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    public static void main(String[] args) {
        System.exit(execute(CommandContext.system(), args));
    }

    /** Runs one command line and returns its exit code; what it prints goes to the context's streams. */
    public static int execute(CommandContext context, String... args) {
        requireNonNull(context, "context is null");
        requireNonNull(args, "args is null");
        try {
            return commandLine(context).execute(args);
        } finally {
            // System.exit does not flush writers, and print() without a newline does not flush by itself.
            context.out().flush();
            context.err().flush();
        }
    }

    static CommandLine commandLine(CommandContext context) {
        CommandLine root = new CommandLine(new MarinaCommand(context));
        root.addSubcommand(new UpCommand(context));
        root.addSubcommand(new DownCommand(context));
        root.addSubcommand(new StatusCommand(context));
        root.addSubcommand(new DemoCommand(context));
        root.addSubcommand(new ApplyCommand(context));
        root.addSubcommand(new RenderCommand(context));
        root.addSubcommand(new CommandLine(new GetCommand())
                .addSubcommand(new GetClustersCommand(context))
                .addSubcommand(new GetOperationsCommand(context)));
        root.addSubcommand(new CommandLine(new DescribeCommand())
                .addSubcommand(new DescribeClusterCommand(context))
                .addSubcommand(new DescribeOperationCommand(context)));
        root.addSubcommand(new CommandLine(new DeleteCommand()).addSubcommand(new DeleteClusterCommand(context)));
        root.addSubcommand(new CommandLine(new WaitCommand()).addSubcommand(new WaitClusterCommand(context)));
        CommandLine operations = new CommandLine(new OperationCommand())
                .addSubcommand(new SwitchoverCommand(context))
                .addSubcommand(new RestartCommand(context))
                .addSubcommand(new RebuildCommand(context))
                .addSubcommand(new DecommissionCommand(context))
                .addSubcommand(new ScaleCommand(context))
                .addSubcommand(new CancelOperationCommand(context));
        root.addSubcommand(operations);
        root.addSubcommand(new ConnectCommand(context));
        root.addSubcommand(new LogsCommand(context));
        root.addSubcommand(new CommandLine.HelpCommand());
        applyLayout(root, true);
        // What follows 'marina op' are operations, not the resources other groups list.
        operations.getCommandSpec().usageMessage().commandListHeading("%nOperations:%n");
        // Set after the subcommands are added: these settings propagate only to subcommands that already exist.
        ErrorReporter errors = new ErrorReporter(context.environment());
        root.setOut(context.out());
        root.setErr(context.err());
        root.setCaseInsensitiveEnumValuesAllowed(true);
        root.setExecutionExceptionHandler(errors);
        root.setParameterExceptionHandler(errors);
        return root;
    }

    /** One help layout for every command, rather than the same headings repeated in each annotation. */
    private static void applyLayout(CommandLine commandLine, boolean root) {
        commandLine
                .getCommandSpec()
                .usageMessage()
                .autoWidth(true)
                .synopsisHeading("%nUsage: ")
                .descriptionHeading("%n")
                .parameterListHeading("%nArguments:%n")
                .optionListHeading("%nOptions:%n")
                .commandListHeading(root ? "%nCommands:%n" : "%nResources:%n")
                .footerHeading(root ? "%nEnvironment:%n" : "%nExamples:%n");
        commandLine.getSubcommands().values().stream().distinct().forEach(subcommand -> applyLayout(subcommand, false));
    }

    @Override
    public Integer call() {
        // "marina" alone: the help is the most useful answer, and asking for it is not an error.
        spec.commandLine().usage(context.out());
        return ExitCodes.OK;
    }
}
