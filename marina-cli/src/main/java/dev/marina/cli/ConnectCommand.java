package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.http.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marina connect NAME}: opens the engine's own client on a cluster, or prints the URL to connect with. */
@Command(
        name = "connect",
        header = "Open psql (the engine's client) on a cluster, or print its URL.",
        description = {
            "Run the engine's own client (psql for PostgreSQL) connected to the cluster's primary, or to a replica"
                    + " with --read-only. marina exits with the client's exit code.",
            "",
            "A cluster with a gateway component is reached through its gateways (they follow the primary and pool"
                    + " connections); --direct connects to the database members themselves, with the same"
                    + " credentials, for administration and comparison.",
            "",
            "Gateways serve TLS unless the cluster's client_tls_sslmode is disable: the URL then asks to verify them"
                    + " (sslmode=verify-full) with the cluster's CA certificate, which marina keeps in"
                    + " $MARINA_HOME/certs/NAME-ca.crt (sslrootcert). --print-ca prints that certificate.",
            "",
            "--print-url prints the connection URL instead. It holds the password: mind where you paste it."
        },
        footer = {
            "  marina connect demo",
            "  marina connect demo --read-only",
            "  marina connect demo --print-url --direct",
            "  psql \"$(marina connect demo --print-url)\" -c 'select 1'",
            "  marina connect demo --print-ca > demo-ca.crt"
        })
public final class ConnectCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Option(names = "--read-only", description = "Connect to a replica (reads only) instead of the primary.")
    boolean readOnly;

    @Option(names = "--print-url", description = "Print the connection URL, with its password, and exit.")
    boolean printUrl;

    @Option(
            names = "--direct",
            description = "Connect to the database members themselves, bypassing the cluster's gateways.")
    boolean direct;

    @Option(
            names = "--print-ca",
            description = "Print the cluster's CA certificate (PEM), which clients verify its gateways with, and exit.")
    boolean printCa;

    private final CommandContext context;

    public ConnectCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        CaCertificateFile caFile = CaCertificateFile.of(context.home(), name);
        ConnectionInfo connection;
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            connection = client.connection(name, readOnly, direct, Optional.of(caFile.path()));
        }
        if (printCa) {
            if (connection.caCertificate() == null) {
                throw MarinaException.userError("cluster " + name + " serves no TLS"
                        + (direct ? " on its database members; leave out --direct" : "")
                        + " (a cluster serves TLS through its gateway component, unless its client_tls_sslmode is"
                        + " disable)");
            }
            context.out().print(connection.caCertificate());
            context.out().flush();
            return ExitCodes.OK;
        }
        if (connection.caCertificate() != null) {
            // The URL names the file: write it before anyone uses the URL.
            caFile.write(connection.caCertificate());
        }
        if (printUrl) {
            context.out().println(connection.url());
            return ExitCodes.OK;
        }
        if (connection.command().isEmpty()) {
            throw MarinaException.userError("the control plane names no client program for cluster " + name
                    + "; connect with your own client to: marina connect " + name + " --print-url");
        }
        return run(connection.command());
    }

    private int run(List<String> command) {
        String program = command.get(0);
        Path executable = Executables.find(program, context.environment())
                .orElseThrow(() -> MarinaException.userError("'" + program + "' is not installed (not found on PATH);"
                        + " install it, or connect with another client to: marina connect " + name
                        + " --print-url"));
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, executable.toString());
        ProcessBuilder builder = new ProcessBuilder(resolved).inheritIO();
        builder.environment().putAll(context.environment());
        context.out().flush();
        Process client;
        try {
            client = builder.start();
        } catch (IOException e) {
            // The message names the program, never the arguments, which hold the password.
            throw MarinaException.userError("cannot start " + program + " (" + e.getMessage() + "); connect with"
                    + " another client to: marina connect " + name + " --print-url");
        }
        // Ctrl-C reaches the client and this JVM alike. The client decides what it means (psql cancels the query);
        // this JVM must not exit under it and hand the terminal back to the shell while the client still reads it.
        Thread waitForClient = new Thread(() -> waitQuietly(client), "wait-for-" + program);
        Runtime.getRuntime().addShutdownHook(waitForClient);
        try {
            return client.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MarinaException.userError("interrupted while " + program + " ran");
        } finally {
            removeHook(waitForClient);
        }
    }

    private static void waitQuietly(Process client) {
        try {
            client.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs and returns at once, since the client has exited.
        }
    }
}
