package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private static final Path LOG = Path.of("/home/me/.marina/logs/server.log");

    @Test
    void printsTheServersErrorLine() {
        MarinaException error = ApiErrors.toException(
                409,
                "{\"error\":\"cluster demo has deletion protection; apply it with spec.deletionProtection: false"
                        + " first\"}",
                LOG);

        assertThat(error.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(error.lines())
                .containsExactly("marina: cluster demo has deletion protection; apply it with"
                        + " spec.deletionProtection: false first");
    }

    @Test
    void printsEachDetailOnItsOwnLine() {
        MarinaException error = ApiErrors.toException(422, """
                {"error": "2 errors in the document; nothing was applied",
                 "details": [
                   {"document": "document 1 (demo)", "path": "spec.components.postgres.replicas",
                    "message": "must be between 1 and 9"},
                   {"path": "spec.version", "message": "unknown version '99'; use 15"}]}
                """, LOG);

        assertThat(error.lines())
                .containsExactly(
                        "marina: 2 errors in the document; nothing was applied",
                        "  document 1 (demo): spec.components.postgres.replicas: must be between 1 and 9",
                        "  spec.version: unknown version '99'; use 15");
    }

    @Test
    void doesNotRepeatALoneDetailTheErrorAlreadySays() {
        MarinaException error = ApiErrors.toException(
                422,
                "{\"error\":\"spec.version: unknown version '99'; use 15\","
                        + "\"details\":[{\"path\":\"spec.version\",\"message\":\"unknown version '99'; use 15\"}]}",
                LOG);

        assertThat(error.lines()).containsExactly("marina: spec.version: unknown version '99'; use 15");
    }

    @Test
    void keepsALoneDetailTheErrorDoesNotSay() {
        MarinaException error = ApiErrors.toException(
                422,
                "{\"error\":\"invalid document\",\"details\":[{\"path\":\"spec.engine\",\"message\":\"is required\"}]}",
                LOG);

        assertThat(error.lines()).containsExactly("marina: invalid document", "  spec.engine: is required");
    }

    @Test
    void pointsAtTheLogWhenTheServerFails() {
        MarinaException error = ApiErrors.toException(500, "{\"error\":\"store unavailable\"}", LOG);

        assertThat(error.lines()).containsExactly("marina: store unavailable; see the control plane log: " + LOG);
    }

    @Test
    void survivesABodyThatIsNotAnApiError() {
        MarinaException error = ApiErrors.toException(502, "<html>Bad Gateway</html>\n<body>", LOG);

        assertThat(error.lines())
                .containsExactly(
                        "marina: the control plane answered HTTP 502: <html>Bad Gateway</html>; see the control plane"
                                + " log: " + LOG);
        assertThat(ApiErrors.toException(404, "", LOG).getMessage()).isEqualTo("the control plane answered HTTP 404");
    }

    @Test
    void explainsARefusedToken() {
        MarinaException error = ApiErrors.toException(401, "{\"error\":\"unauthorized\"}", LOG);

        assertThat(error.getMessage()).contains("refused this CLI's token").contains("marina down && marina up");
    }
}
