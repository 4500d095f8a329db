package dev.marina.operator.crd;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The generated CRD files (deploy/crds) installed as an administrator would before the operator starts: for the
 * mock API server in tests and benchmarks, which knows no resource until its definition is created.
 */
public final class DefinitionFiles {

    private DefinitionFiles() {}

    /** Creates every definition of {@code directory} ({@code *.yml}, in name order). */
    public static void install(KubernetesClient client, Path directory) {
        requireNonNull(client, "client is null");
        for (Path file : files(directory)) {
            try {
                CustomResourceDefinition definition = client.getKubernetesSerialization()
                        .unmarshal(Files.readString(file, StandardCharsets.UTF_8), CustomResourceDefinition.class);
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(definition)
                        .create();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
