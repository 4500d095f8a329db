package dev.marina.operator.agent;

import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Sends a named signal to a process. The JDK sends only TERM and KILL, and PostgreSQL's fast shutdown is INT, so this
 * runs the shell's built-in {@code kill}: {@code /bin/sh} is in every engine image, {@code /bin/kill} (procps) is not
 * in the slim Debian images the official ones are built on.
 */
final class Signals {

    /** A signal's name without {@code SIG}: INT, TERM, QUIT, USR1... */
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9]{1,9}");

    private Signals() {}

    static void requireName(String signal, String field) {
        if (!NAME.matcher(signal).matches() || signal.startsWith("SIG")) {
            throw JsonFields.invalid(field, "must name a signal without SIG, such as INT or TERM");
        }
    }

    static void send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$0\" \"$1\"", signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            kill.getOutputStream().close();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new RuntimeFailure("kill -s " + signal + " " + pid + " did not finish within 10 s");
            }
            if (kill.exitValue() != 0
                    && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new RuntimeFailure("cannot send " + signal + " to process " + pid + ": " + output.strip());
            }
        } catch (IOException e) {
            throw new RuntimeFailure("cannot run /bin/sh to send " + signal + " to process " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while sending " + signal + " to process " + pid, e);
        }
    }
}
