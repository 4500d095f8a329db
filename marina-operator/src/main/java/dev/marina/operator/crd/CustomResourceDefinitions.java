package dev.marina.operator.crd;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Generates the CustomResourceDefinitions of Marina's resources from the model classes, in memory, so a test can
 * compare them with the checked-in files and {@link #main} can rewrite those.
 */
public final class CustomResourceDefinitions {

    /** Where the CRDs live in the repository, and the copy the Helm chart installs. */
    public static final List<Path> DIRECTORIES = List.of(Path.of("deploy/crds"), Path.of("deploy/helm/marina/crds"));

    private static final String HEADER =
            "# Generated from the model classes by dev.marina.operator.crd.CustomResourceDefinitions;"
                    + " do not edit.\n# Regenerate: see docs/kubernetes-install.md, \"Regenerating the CRDs\".\n";

    /** Plain scalars where YAML allows them and no folded lines: the files are for people to read and diff. */
    private static final YAMLMapper READABLE = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private CustomResourceDefinitions() {}

    /** File name (such as {@code databaseclusters.marina.dev-v1.yml}) to its YAML text, by file name. */
    public static SortedMap<String, String> generate() {
        return generate(CustomResources.ALL);
    }

    static SortedMap<String, String> generate(List<Class<? extends HasMetadata>> resources) {
        InMemoryOutput output = new InMemoryOutput();
        ObjectMapper mapper = ResourceSerialization.newMapper();
        KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
        new CRDGenerator()
                .customResourceClasses(resources)
                .forCRDVersions("v1")
                .withObjectMapper(mapper, serialization)
                .withPostProcessor(new SchemaRefinements())
                // Parallel generation would make the output order depend on timing.
                .withParallelGenerationEnabled(false)
                .withOutput(output)
                .generate();
        SortedMap<String, String> files = new TreeMap<>();
        output.files().forEach((name, bytes) -> files.put(name, HEADER + readable(bytes.toByteArray())));
        return Collections.unmodifiableSortedMap(files);
    }

    private static String readable(byte[] generated) {
        try {
            return READABLE.writeValueAsString(READABLE.readTree(generated));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the generated files into {@code root}'s CRD directories, replacing what is there. */
    public static void write(Path root) {
        requireNonNull(root, "root is null");
        SortedMap<String, String> files = generate();
        try {
            for (Path directory : DIRECTORIES) {
                Path target = root.resolve(directory);
                Files.createDirectories(target);
                try (var existing = Files.list(target)) {
                    for (Path file : existing.filter(CustomResourceDefinitions::isDefinition)
                            .toList()) {
                        if (!files.containsKey(file.getFileName().toString())) {
                            Files.delete(file);
                        }
                    }
                }
                for (Map.Entry<String, String> file : files.entrySet()) {
                    Files.writeString(target.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isDefinition(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    /**
     * Rewrites the checked-in CRDs from an IDE or a classpath of this module; an argument names the repository root
     * (default: the working directory). From Maven, CustomResourceDefinitionFilesTest does the same with {@code
     * -Dmarina.crds.update=true} (docs/kubernetes-install.md, "Regenerating the CRDs").
     */
    public static void main(String[] arguments) {
        Path root = Path.of(arguments.length > 0 ? arguments[0] : ".")
                .toAbsolutePath()
                .normalize();
        write(root);
        System.out.println("wrote " + generate().keySet() + " to " + DIRECTORIES + " under " + root);
    }

    private static final class InMemoryOutput implements CRDGenerator.CRDOutput<ByteArrayOutputStream> {

        private final SortedMap<String, ByteArrayOutputStream> streams = new TreeMap<>();

        @Override
        public ByteArrayOutputStream outputFor(String crdName) {
            return streams.computeIfAbsent(crdName + ".yml", name -> new ByteArrayOutputStream());
        }

        SortedMap<String, ByteArrayOutputStream> files() {
            return streams;
        }

        @Override
        public void close() {}
    }
}
