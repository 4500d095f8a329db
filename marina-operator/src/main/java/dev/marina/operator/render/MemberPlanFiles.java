package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A member plan's files as the data of a ConfigMap (files that hold no secret) and a Secret (files that do), with a
 * manifest that tells the agent where each key goes and which files must be absent.
 *
 * <p>Keys are file names, because a ConfigMap key cannot hold a {@code /}. The manifest lives in the ConfigMap rather
 * than in the pod's volume items, so that a file appearing or disappearing (a standby marker at a promotion) changes
 * the ConfigMap only, never the pod spec, and never replaces the pod.
 *
 * @param config the ConfigMap's data, the manifest included
 * @param secret the Secret's data
 */
public record MemberPlanFiles(Map<String, String> config, Map<String, String> secret) {

    /** The ConfigMap key of the manifest. */
    public static final String MANIFEST = "marina-manifest";

    public MemberPlanFiles {
        config = java.util.Collections.unmodifiableMap(new TreeMap<>(config));
        secret = java.util.Collections.unmodifiableMap(new TreeMap<>(secret));
    }

    /**
     * Splits {@code plan}'s files, and {@code runtimeFiles} (files the runtime adds to every member, by path, none
     * secret).
     */
    public static MemberPlanFiles of(MemberPlan plan, Map<String, String> runtimeFiles) {
        requireNonNull(plan, "plan is null");
        Map<String, PlannedFile> files = new TreeMap<>(plan.files());
        new TreeMap<>(runtimeFiles)
                .forEach((path, content) -> files.putIfAbsent(path, new PlannedFile(content, false)));
        Map<String, String> config = new TreeMap<>();
        Map<String, String> secret = new TreeMap<>();
        List<String> manifest = new ArrayList<>();
        manifest.add(
                "# Written by Marina. The agent copies each key of the member's ConfigMap (config) or Secret (secret)");
        manifest.add("# to its path before the engine starts, and removes the paths marked absent.");
        for (Map.Entry<String, PlannedFile> entry : files.entrySet()) {
            String key = key(entry.getKey(), config, secret);
            PlannedFile file = entry.getValue();
            (file.secret() ? secret : config).put(key, file.content());
            manifest.add((file.secret() ? "secret " : "config ") + key + " " + entry.getKey());
        }
        plan.absentFiles().stream().sorted().forEach(path -> manifest.add("absent " + path));
        config.put(MANIFEST, String.join("\n", manifest) + "\n");
        return new MemberPlanFiles(config, secret);
    }

    /** The file's name, or its whole path with dots for slashes when another directory has a file of that name. */
    private static String key(String path, Map<String, String> config, Map<String, String> secret) {
        Path file = Path.of(path);
        if (!file.isAbsolute() || file.getFileName() == null) {
            throw new IllegalStateException("a planned file's path must be absolute: " + path);
        }
        String name = file.getFileName().toString();
        if (isFree(name, config, secret)) {
            return name;
        }
        String whole = path.substring(1).replace('/', '.');
        if (isFree(whole, config, secret)) {
            return whole;
        }
        throw new IllegalStateException("two planned files need the same key " + whole);
    }

    private static boolean isFree(String key, Map<String, String> config, Map<String, String> secret) {
        return !key.equals(MANIFEST)
                && key.matches("[-._a-zA-Z0-9]+")
                && !config.containsKey(key)
                && !secret.containsKey(key);
    }
}
