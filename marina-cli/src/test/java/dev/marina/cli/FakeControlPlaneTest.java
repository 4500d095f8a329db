package dev.marina.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI test against a fake control plane in a fresh home: started before each test (before the subclass's own
 * {@code @BeforeEach}, which may set a clock or canned answers) and closed after it.
 */
abstract class FakeControlPlaneTest {

    @TempDir
    Path home;

    FakeControlPlane controlPlane;
    CliRunner marina;

    @BeforeEach
    final void startFakeControlPlane() {
        controlPlane = FakeControlPlane.start(home);
        marina = new CliRunner(home);
    }

    @AfterEach
    final void closeFakeControlPlane() {
        controlPlane.close();
    }
}
