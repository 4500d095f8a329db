package dev.marina.operator.crd;

import dev.marina.operator.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The YAML examples of a Markdown document, so tests check the examples people copy. */
final class DocumentExamples {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    private DocumentExamples() {}

    /** The first YAML block of {@code document} (relative to the repository root) that contains every marker. */
    static String first(String document, String... markers) throws IOException {
        String text = Files.readString(RepositoryRoot.find().resolve(document), StandardCharsets.UTF_8);
        Matcher block = YAML_BLOCK.matcher(text);
        List<String> seen = new ArrayList<>();
        while (block.find()) {
            String yaml = block.group(1);
            if (List.of(markers).stream().allMatch(yaml::contains)) {
                return yaml;
            }
            seen.add(yaml.lines().findFirst().orElse(""));
        }
        throw new AssertionError(
                "no YAML example in " + document + " contains " + List.of(markers) + "; blocks start " + seen);
    }

    static Path path(String document) {
        return RepositoryRoot.find().resolve(Path.of(document));
    }
}
