package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorReporterTest {

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Override
        public void run() {}
    }

    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = new CommandLine(new Probe()).setErr(new PrintWriter(err, true));

    @Test
    void printsAMarinaExceptionAsItsLinesWithItsExitCode() {
        MarinaException failure =
                new MarinaException(ExitCodes.NOT_RUNNING, "it failed; do this", List.of("detail one", "detail two"));

        int exitCode = new ErrorReporter(Map.of()).handleExecutionException(failure, commandLine, null);

        assertThat(exitCode).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(err.toString()).isEqualTo("marina: it failed; do this\n  detail one\n  detail two\n");
    }

    @Test
    void anUnexpectedFailureIsOneLineWithoutAStackTrace() {
        int exitCode = new ErrorReporter(Map.of())
                .handleExecutionException(new IllegalStateException("boom\nsecond line"), commandLine, null);

        assertThat(exitCode).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(err.toString())
                .isEqualTo("marina: unexpected error: IllegalStateException: boom; run again with MARINA_DEBUG=1 for"
                        + " details and report it\n");
    }

    @Test
    void marinaDebugAddsTheStackTrace() {
        new ErrorReporter(Map.of("MARINA_DEBUG", "1"))
                .handleExecutionException(new IllegalStateException("boom"), commandLine, null);

        assertThat(err.toString())
                .contains("java.lang.IllegalStateException: boom")
                .contains("\tat ");
    }
}
