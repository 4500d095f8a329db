package dev.marina.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The operator's process as Kubernetes would start it, with a wrong chart value: one line, exit code 2. */
class OperatorMainTest {

    @Test
    void aBadSettingIsOneLineNamingTheVariableAndExitCodeTwo() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OperatorMain.class.getName())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("OPERATOR_NAMESPACE", "marina-system");
        environment.put("HTTP_PORT", "eighty");
        environment.remove("JAVA_TOOL_OPTIONS");
        environment.remove("LEADER_ELECTION_LEASE_NAME");

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(OperatorMain.INVALID_SETTINGS);
        assertThat(output)
                .isEqualTo("marina-operator: HTTP_PORT: 'eighty' is not a port; use a number from 1 to 65535\n");
    }
}
