package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.http.ApplyResult;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.api.yaml.DocumentParser;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code marina apply -f FILE}: creates or updates the clusters a YAML file describes. */
@Command(
        name = "apply",
        header = "Create or update clusters from a YAML file.",
        description = {
            "The file (YAML or JSON, one or more documents) is checked here first, so a syntax error shows its"
                    + " line at once; then the control plane validates every document before it stores any: an"
                    + " invalid file changes nothing."
        },
        footer = {
            "  marina apply -f demo.yaml",
            "  marina apply -f demo.yaml --dry-run    # validate only",
            "  cat demo.yaml | marina apply -f -",
            "",
            "A minimal file:",
            "  apiVersion: marina.dev/v1alpha1",
            "  kind: DatabaseCluster",
            "  metadata:",
            "    name: demo",
            "  spec:",
            "    engine: postgresql",
            "    version: \"15\"",
            "    components:",
            "      postgres:",
            "        replicas: 3"
        })
public final class ApplyCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "FILE",
            description = "The file to apply; - reads standard input.")
    String file;

    @Option(names = "--dry-run", description = "Validate on the control plane without storing anything.")
    boolean dryRun;

    private final CommandContext context;

    public ApplyCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        String text = InputFile.read(context, file);
        String source = InputFile.source(file);
        try {
            DocumentParser.parse(text);
        } catch (InvalidDocumentException e) {
            throw invalid(source, e.errors());
        }
        ApplyResult result;
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            result = client.apply(text, dryRun);
        }
        for (ApplyResult.Applied applied : result.applied()) {
            context.out()
                    .println(applied.kind().toLowerCase(Locale.ROOT) + "/" + applied.name() + " " + applied.action()
                            + (dryRun ? " (dry run)" : ""));
        }
        return ExitCodes.OK;
    }

    static MarinaException invalid(String source, List<FieldError> errors) {
        if (errors.size() == 1) {
            return MarinaException.userError(source + " was not applied: " + errors.get(0));
        }
        return new MarinaException(
                ExitCodes.USER_ERROR,
                source + " was not applied: " + errors.size() + " errors; fix them and apply again",
                errors.stream().map(FieldError::toString).toList());
    }
}
