package dev.marina.server;

import dev.marina.api.EngineCatalog;
import dev.marina.api.http.ServerStatus;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.control.engine.Engine;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.health.HealthMonitor;
import dev.marina.control.member.CredentialGenerator;
import dev.marina.control.operation.OperationLedger;
import dev.marina.control.operation.OperationService;
import dev.marina.control.reconcile.ClusterReconciler;
import dev.marina.control.reconcile.ReconcileLoop;
import dev.marina.control.reconcile.ReconcileSettings;
import dev.marina.control.service.ClusterService;
import dev.marina.control.service.NotFoundException;
import dev.marina.control.service.TopologyFeed;
import dev.marina.engine.postgresql.GatewayProgram;
import dev.marina.engine.postgresql.PostgresEngine;
import dev.marina.engine.postgresql.PostgresInstallation;
import dev.marina.runtime.local.EngineUser;
import dev.marina.runtime.local.LocalRuntime;
import dev.marina.runtime.local.PortAllocator;
import dev.marina.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control-plane process: store, engines, local runtime, reconcile loop and HTTP API, wired together. */
public final class ServerMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);
    public static final String VERSION = "0.1.0";
    /** Under MARINA_HOME: the API's base URL, read by gateways to find the topology feed. */
    static final String ADDRESS_FILE = "api-address";

    private ServerMain() {}

    public static void main(String[] args) {
        try {
            run(System.getenv());
        } catch (RuntimeException e) {
            LOG.error("control plane could not start: {}", e.getMessage(), e);
            System.err.println("marina: control plane could not start: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(Map<String, String> environment) {
        Path home = MarinaHome.resolve(environment);
        prepareHome(home);
        Clock clock = Clock.systemUTC();
        EmbeddedStore store = EmbeddedStore.open(home, clock);
        EngineUser user = EngineUser.detect(environment.get("MARINA_ENGINE_USER"));
        // Gateways run from this process's own JVM and jar, as the engine user, and find the control plane through a
        // file written at every start (the API's port changes from one start to the next).
        Path addressFile = home.resolve(ADDRESS_FILE);
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            user.ensureCanRead(Path.of(entry));
        }
        PostgresEngine postgres = new PostgresEngine(
                PostgresInstallation.fromEnvironment(environment),
                Optional.of(GatewayProgram.ofThisProcess(addressFile)));
        Map<String, Engine> engineMap = Map.of(PostgresEngine.NAME, postgres);
        Function<String, Engine> engines = name -> {
            Engine engine = engineMap.get(name);
            if (engine == null) {
                throw new NotFoundException("no engine named " + name);
            }
            return engine;
        };
        int[] range = portRange(environment.getOrDefault("MARINA_PORT_RANGE", "20000-29999"));
        LocalRuntime runtime =
                new LocalRuntime(home, user, new PortAllocator(range[0], range[1]), Duration.ofSeconds(60));
        ReconcileSettings settings = ReconcileSettings.DEFAULT;
        HealthMonitor monitor = new HealthMonitor(runtime);
        OperationLedger ledger = new OperationLedger(store);
        OperationService[] operations = new OperationService[1];
        ClusterReconciler reconciler = new ClusterReconciler(
                engines,
                runtime,
                store,
                new EventRecorder(store),
                clock,
                settings,
                monitor,
                ledger,
                (spec, member) -> operations[0].imply(spec, member));
        ReconcileLoop loop = new ReconcileLoop(reconciler, store, settings);
        monitor.onChange(loop::trigger);
        ClusterValidator validator = new ClusterValidator(EngineCatalog.of(
                engineMap.values().stream().map(Engine::description).toList()));
        ClusterService clusters = new ClusterService(store, validator, engines, runtime, loop::trigger);
        operations[0] = new OperationService(store, ledger, validator, clock, loop::trigger);

        long pid = ProcessHandle.current().pid();
        String startedAt = Instant.now().toString();
        String token = CredentialGenerator.password();
        String[] address = new String[1];
        AtomicBoolean stopping = new AtomicBoolean();
        ApiServer[] api = new ApiServer[1];
        Runnable shutdown = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            monitor.close();
            loop.close();
            finish(home, pid, api[0], store, postgres);
        };
        Runnable shutdownStoppingMembers = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            LOG.info("stopping every member (data kept)");
            // Members stopped on purpose must not look failed to the monitor while they stop.
            monitor.stopTicking();
            loop.stopMembers();
            monitor.close();
            finish(home, pid, api[0], store, postgres);
            // Leave through exit: the API's own threads would otherwise keep the process alive.
            System.exit(0);
        };
        api[0] = new ApiServer(
                clusters,
                operations[0],
                new TopologyFeed(clusters, TopologyFeed.DEFAULT_INTERVAL),
                token,
                () -> new ServerStatus(
                        VERSION,
                        pid,
                        address[0],
                        home.toString(),
                        startedAt,
                        store.list().size(),
                        runtime.name()),
                () -> {
                    shutdown.run();
                    System.exit(0);
                },
                shutdownStoppingMembers);
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "shutdown-hook"));
        String host = environment.getOrDefault("MARINA_LISTEN", "127.0.0.1");
        int port = api[0].start(host, Integer.parseInt(environment.getOrDefault("MARINA_API_PORT", "0")));
        address[0] = host + ":" + port;
        writeAddress(addressFile, "http://" + address[0]);
        loop.start();
        monitor.start();
        try {
            new ServerFile(pid, address[0], token, startedAt).write(home);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + ServerFile.path(home) + ": " + e.getMessage(), e);
        }
        LOG.info(
                "control plane {} listening on http://{} (pid {}, home {}, engines run as {})",
                VERSION,
                address[0],
                pid,
                home,
                user.name());
    }

    private static void finish(Path home, long pid, ApiServer api, EmbeddedStore store, PostgresEngine postgres) {
        ServerFile.removeIfOwnedBy(home, pid);
        if (api != null) {
            api.stop();
        }
        postgres.close();
        store.close();
        LOG.info("control plane stopped");
    }

    /** The API's base URL, for gateways: no secret, so readable by the engine user who runs them. */
    private static void writeAddress(Path file, String url) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(temporary, url + "\n");
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(
                    temporary,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void prepareHome(Path home) {
        try {
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
            Files.createDirectories(home.resolve("logs"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare MARINA_HOME " + home + ": " + e.getMessage(), e);
        }
    }

    private static int[] portRange(String text) {
        List<String> parts = List.of(text.split("-"));
        try {
            if (parts.size() == 2) {
                return new int[] {
                    Integer.parseInt(parts.get(0).trim()),
                    Integer.parseInt(parts.get(1).trim())
                };
            }
        } catch (NumberFormatException e) {
            // Fall through to the message below.
        }
        throw new IllegalArgumentException("MARINA_PORT_RANGE must look like 20000-29999, got '" + text + "'");
    }
}
