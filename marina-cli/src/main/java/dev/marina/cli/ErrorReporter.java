package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints every failure as {@code marina: <what went wrong>; <what to do>} and picks the exit code. A stack trace is
 * printed only when MARINA_DEBUG is set, for the bugs no message anticipates.
 */
public final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private final Map<String, String> environment;

    public ErrorReporter(Map<String, String> environment) {
        this.environment = requireNonNull(environment, "environment is null");
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof MarinaException marina) {
            marina.lines().forEach(err::println);
            if (marina.getCause() != null && environment.containsKey("MARINA_DEBUG")) {
                marina.getCause().printStackTrace(err);
            }
            err.flush();
            return marina.exitCode();
        }
        err.println("marina: unexpected error: " + describe(exception)
                + "; run again with MARINA_DEBUG=1 for details and report it");
        if (environment.containsKey("MARINA_DEBUG")) {
            exception.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USER_ERROR;
    }

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String message = exception.getMessage() == null ? "invalid command line" : exception.getMessage();
        StringBuilder line = new StringBuilder("marina: ").append(lowerFirst(message.strip()));
        if (exception instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ")
                        .append(String.join(" or ", suggestions))
                        .append("?)");
            }
        }
        line.append("; see: ")
                .append(commandLine.getCommandSpec().qualifiedName())
                .append(" --help");
        err.println(line);
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String describe(Exception exception) {
        String message = exception.getMessage();
        String type = exception.getClass().getSimpleName();
        return message == null || message.isBlank()
                ? type
                : type + ": " + message.lines().findFirst().orElse("");
    }

    private static String lowerFirst(String text) {
        if (text.isEmpty() || (text.length() > 1 && Character.isUpperCase(text.charAt(1)))) {
            return text;
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
