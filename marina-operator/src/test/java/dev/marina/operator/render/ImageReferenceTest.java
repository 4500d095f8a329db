package dev.marina.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgres",
                "postgres:15",
                "library/postgres:15.4-bookworm",
                "ghcr.io/marina-dev/marina-postgresql:15",
                "registry.example.com:5000/team/marina_postgresql:15",
                "localhost/marina-postgresql:15",
                "Registry.Example.com/marina-postgresql:15",
                "registry.example.com/marina-postgresql@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "registry.example.com/marina-postgresql:15@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            })
    void acceptsWhatContainerRuntimesPull(String reference) {
        assertThat(ImageReference.isValid(reference)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "marina postgresql:15",
                "registry.example.com/Marina-postgresql:15",
                "registry.example.com/marina-postgresql:",
                "registry.example.com/marina-postgresql:-15",
                "registry.example.com/marina-postgresql@sha256:short",
                "registry.example.com//marina-postgresql:15",
                "https://registry.example.com/marina-postgresql:15",
                "marina-postgresql:15\n"
            })
    void refusesWhatNoRuntimeCanPull(String reference) {
        assertThat(ImageReference.isValid(reference)).isFalse();
    }
}
