package dev.marina.cli;

/** The exit codes scripts can rely on; docs/cli.md lists them. */
public final class ExitCodes {

    public static final int OK = 0;

    /** Something the user can fix: a bad file, a refused request, a timeout. */
    public static final int USER_ERROR = 1;

    /** The command line itself is wrong (picocli's own convention). */
    public static final int USAGE = 2;

    /** There is no control plane to talk to in this MARINA_HOME. */
    public static final int NOT_RUNNING = 3;

    private ExitCodes() {}
}
