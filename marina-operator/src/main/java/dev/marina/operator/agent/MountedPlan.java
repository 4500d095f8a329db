package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.MemberHost;
import dev.marina.control.runtime.RuntimeFailure;
import dev.marina.operator.render.MemberPlanFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The member's plan as Kubernetes mounts it: its ConfigMap and Secret, read only, one file per key. At every start the
 * agent copies each key to where the manifest says, because the engine needs modes a mounted Secret cannot give a user
 * that is not root (libpq refuses a {@code pgpass} others can read), and removes the files marked absent.
 *
 * @param config where the ConfigMap is mounted
 * @param secret where the Secret is mounted
 */
record MountedPlan(Path config, Path secret) {

    MountedPlan {
        requireNonNull(config, "config is null");
        requireNonNull(secret, "secret is null");
    }

    PlanManifest manifest() {
        Path manifest = config.resolve(MemberPlanFiles.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new RuntimeFailure("the member's plan has no " + MemberPlanFiles.MANIFEST + " in " + config
                    + ": its ConfigMap is not one the operator wrote");
        }
        try {
            return PlanManifest.parse(Files.readString(manifest, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read " + manifest + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RuntimeFailure(e.getMessage() + " (" + manifest + ")", e);
        }
    }

    /**
     * Copies every file of the manifest (secret ones readable by the engine user only) and removes absent ones, except
     * below {@code leaveAlone}.
     */
    void copy(MemberHost host, Optional<Path> leaveAlone) {
        PlanManifest manifest = manifest();
        for (PlanManifest.File file : manifest.files()) {
            if (leaveAlone.isPresent() && file.path().startsWith(leaveAlone.get())) {
                continue;
            }
            Path source = (file.secret() ? secret : config).resolve(file.key());
            String content;
            try {
                content = Files.readString(source, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RuntimeFailure("the member's " + (file.secret() ? "Secret" : "ConfigMap") + " has no key "
                        + file.key() + " that its manifest names (" + source + ")");
            }
            host.writeFile(file.path(), content, file.secret());
        }
        manifest.absent().stream()
                .filter(path -> leaveAlone.isEmpty() || !path.startsWith(leaveAlone.get()))
                .forEach(host::delete);
    }
}
