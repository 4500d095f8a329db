package dev.marina.operator;

import static java.util.Objects.requireNonNull;

/** An environment variable of the operator holds a value it cannot use; the message names the variable. */
public final class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String variable, String problem) {
        super(requireNonNull(variable, "variable is null") + ": " + requireNonNull(problem, "problem is null"));
    }
}
