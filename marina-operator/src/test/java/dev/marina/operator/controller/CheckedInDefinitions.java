package dev.marina.operator.controller;

import dev.marina.operator.RepositoryRoot;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The CRDs of deploy/crds, installed as an administrator would before the operator starts. */
final class CheckedInDefinitions {

    private CheckedInDefinitions() {}

    static void install(KubernetesClient client) {
        for (Path file : files()) {
            try {
                CustomResourceDefinition definition = client.getKubernetesSerialization()
                        .unmarshal(Files.readString(file, StandardCharsets.UTF_8), CustomResourceDefinition.class);
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(definition)
                        .create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<Path> files() {
        try (Stream<Path> files = Files.list(RepositoryRoot.find().resolve("deploy/crds"))) {
            return files.filter(file -> file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
