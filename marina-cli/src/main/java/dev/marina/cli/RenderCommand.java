package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.EngineCatalog;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.api.yaml.DocumentParser;
import dev.marina.api.yaml.DocumentParser.ParsedDocument;
import dev.marina.control.engine.Engine;
import dev.marina.control.member.Credentials;
import dev.marina.operator.render.ClusterObjects;
import dev.marina.operator.render.KubernetesEngines;
import dev.marina.operator.render.KubernetesNames;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.render.MemberRoster;
import dev.marina.operator.render.ObjectsText;
import dev.marina.operator.render.RenderedCredentials;
import dev.marina.operator.render.SecretRedaction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code marina render -f FILE}: the Kubernetes objects the operator creates for the clusters a file describes. */
@Command(
        name = "render",
        header = "Print the Kubernetes objects a cluster gets, offline.",
        description = {
            "Reads the file as 'marina apply' does, validates it the same way, and prints every object the Marina"
                    + " operator creates for each cluster: its pods, volumes, ConfigMaps, Secrets, Services and"
                    + " disruption budgets. No control plane and no Kubernetes cluster is needed: use it to review a"
                    + " change, or to keep what a cluster gets in version control.",
            "",
            "Secret values are redacted unless --show-secrets, which prints a set generated for this rendering only"
                    + " (the operator generates its own). The same file always renders the same text without it."
        },
        footer = {
            "  marina render -f orders.yaml",
            "  marina render -f orders.yaml --namespace shop --service-monitor",
            "  marina render -f orders.yaml -o json | kubectl apply --dry-run=server -f -",
            "  cat orders.yaml | marina render -f -"
        })
public final class RenderCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "FILE",
            description = "The file to render; - reads standard input.")
    String file;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NAMESPACE",
            defaultValue = "default",
            description = "The namespace the objects are rendered for (default: default).")
    String namespace;

    @Option(
            names = "--show-secrets",
            description = "Print generated passwords, keys and certificates instead of redacting them.")
    boolean showSecrets;

    @Option(
            names = "--service-monitor",
            description = "Also render a Prometheus operator ServiceMonitor (the operator does when its CRD exists).")
    boolean serviceMonitor;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "yaml",
            description = "yaml (default: one document per object, with notes as comments) or json (one List).")
    RenderFormat format;

    /** What {@code -o} takes: a table of Kubernetes objects would say less than either. */
    enum RenderFormat {
        YAML,
        JSON
    }

    private final CommandContext context;

    public RenderCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        if (!KubernetesNames.isNamespace(namespace)) {
            throw MarinaException.userError("--namespace '" + namespace
                    + "' is not a namespace name; use lower-case letters, digits and '-', at most 63");
        }
        String text = InputFile.read(context, file);
        String source = InputFile.source(file);
        Map<String, Engine> engines = KubernetesEngines.all();
        List<DatabaseCluster> clusters = validate(
                text,
                source,
                new ClusterValidator(EngineCatalog.of(
                        engines.values().stream().map(Engine::description).toList())));
        KubernetesSettings settings = KubernetesSettings.DEFAULT.withServiceMonitor(serviceMonitor);
        // Everything is rendered before anything is printed: a failure leaves standard output empty.
        List<HasMetadata> all = new ArrayList<>();
        StringBuilder yaml = new StringBuilder();
        for (DatabaseCluster cluster : clusters) {
            Engine engine = engines.get(cluster.spec().engine());
            Credentials credentials = showSecrets
                    ? RenderedCredentials.generate(
                            cluster.name(),
                            ClusterObjects.credentialNames(engine),
                            ClusterObjects.tlsHosts(cluster, namespace),
                            context.clock().instant())
                    : RenderedCredentials.placeholders(ClusterObjects.credentialNames(engine));
            List<HasMetadata> objects = ClusterObjects.render(cluster, namespace, engine, credentials, settings);
            if (!showSecrets) {
                objects = SecretRedaction.redact(objects);
            }
            all.addAll(objects);
            yaml.append(ObjectsText.yaml(objects, notes(cluster, engine, source)));
        }
        if (format == RenderFormat.JSON) {
            context.out().print(ObjectsText.json(all));
            context.err()
                    .println(
                            showSecrets
                                    ? "marina: the Secrets hold values generated for this rendering only"
                                    : "marina: Secret values are redacted; --show-secrets prints generated ones");
        } else {
            context.out().print(yaml);
        }
        return ExitCodes.OK;
    }

    private static List<DatabaseCluster> validate(String text, String source, ClusterValidator validator) {
        List<ParsedDocument> documents;
        try {
            documents = DocumentParser.parse(text);
        } catch (InvalidDocumentException e) {
            throw invalid(source, e.errors());
        }
        List<DatabaseCluster> clusters = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ParsedDocument document : documents) {
            try {
                DatabaseCluster cluster = validator.validate(document.cluster());
                KubernetesNames.checkCluster(cluster).ifPresent(error -> {
                    throw new InvalidDocumentException(error);
                });
                if (!names.add(cluster.name())) {
                    throw new InvalidDocumentException(new FieldError(
                            null, "metadata.name", "cluster " + cluster.name() + " appears twice in this file"));
                }
                clusters.add(cluster);
            } catch (InvalidDocumentException e) {
                e.errors().forEach(error -> errors.add(error.inDocument(document.label())));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(source, errors);
        }
        return clusters;
    }

    private List<String> notes(DatabaseCluster cluster, Engine engine, String source) {
        List<String> notes = new ArrayList<>();
        notes.add("The Kubernetes objects of DatabaseCluster " + cluster.name() + " in namespace " + namespace
                + ", rendered by 'marina render' from " + source + ".");
        notes.add("The operator creates them from the DatabaseCluster; they are printed for review, not to be applied"
                + " without it.");
        MemberRoster.initial(cluster.name(), cluster.spec(), engine.description())
                .primary()
                .ifPresent(primary -> notes.add("Roles as the cluster starts: " + primary
                        + " is primary; the operator labels pods marina.dev/role as roles change."));
        notes.add(
                showSecrets
                        ? "Secret values were generated for this rendering only (the operator generates its own);"
                                + " keep this text out of version control."
                        : "Secret values are redacted; the operator generates them (--show-secrets prints a"
                                + " generated set).");
        if (cluster.metadata().uid() == null) {
            notes.add("ownerReferences carry an empty uid: the operator fills in the DatabaseCluster's own.");
        }
        return notes;
    }

    private static MarinaException invalid(String source, List<FieldError> errors) {
        if (errors.size() == 1) {
            return MarinaException.userError(source + " was not rendered: " + errors.get(0));
        }
        return new MarinaException(
                ExitCodes.USER_ERROR,
                source + " was not rendered: " + errors.size() + " errors; fix them and render again",
                errors.stream().map(FieldError::toString).toList());
    }
}
