package dev.marina.server;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.http.ApiError;
import dev.marina.api.http.ServerStatus;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.control.operation.OperationRefusedException;
import dev.marina.control.operation.OperationService;
import dev.marina.control.service.BearerAuthorization;
import dev.marina.control.service.ClusterService;
import dev.marina.control.service.ConflictException;
import dev.marina.control.service.NotFoundException;
import dev.marina.control.service.TopologyAccess;
import dev.marina.control.service.TopologyFeed;
import dev.marina.control.service.TopologyWait;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API on loopback (docs/http-api.md). Every route but health needs the bearer token. */
final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final ClusterService clusters;
    private final OperationService operations;
    private final TopologyFeed topologies;
    private final TopologyAccess topologyAccess;
    private final String token;
    private final Supplier<ServerStatus> status;
    private final Runnable shutdownKeepingMembers;
    private final Runnable shutdownStoppingMembers;
    private Javalin app;

    ApiServer(
            ClusterService clusters,
            OperationService operations,
            TopologyFeed topologies,
            String token,
            Supplier<ServerStatus> status,
            Runnable shutdownKeepingMembers,
            Runnable shutdownStoppingMembers) {
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.operations = requireNonNull(operations, "operations is null");
        this.topologies = requireNonNull(topologies, "topologies is null");
        this.topologyAccess = new TopologyAccess(clusters::gatewaySecret);
        this.token = requireNonNull(token, "token is null");
        this.status = requireNonNull(status, "status is null");
        this.shutdownKeepingMembers = requireNonNull(shutdownKeepingMembers, "shutdownKeepingMembers is null");
        this.shutdownStoppingMembers = requireNonNull(shutdownStoppingMembers, "shutdownStoppingMembers is null");
    }

    /** Starts listening on {@code host} at a free port; returns the port. */
    int start(String host, int port) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.jsonMapper(new JavalinJackson(dev.marina.api.yaml.Serialization.json(), true));
            config.http.maxRequestSize = 4L * 1024 * 1024;
        });
        app.beforeMatched(this::authenticate);
        app.get("/api/v1/health", context -> context.json(Map.of("status", "ok")));
        app.get("/api/v1/status", context -> context.json(status.get()));
        app.post(
                "/api/v1/apply",
                context -> context.json(
                        clusters.apply(context.body(), Boolean.parseBoolean(context.queryParam("dryRun")))));
        app.get("/api/v1/clusters", context -> context.json(clusters.list()));
        app.get("/api/v1/clusters/{name}", context -> context.json(clusters.get(context.pathParam("name"))));
        app.delete("/api/v1/clusters/{name}", context -> {
            context.status(HttpStatus.ACCEPTED);
            context.json(clusters.delete(context.pathParam("name"), Boolean.parseBoolean(context.queryParam("purge"))));
        });
        app.get(
                "/api/v1/clusters/{name}/events",
                context -> context.json(clusters.events(context.pathParam("name"), intParam(context, "limit", 50))));
        app.get(
                "/api/v1/clusters/{name}/connection",
                context -> context.json(clusters.connection(
                        context.pathParam("name"),
                        Boolean.parseBoolean(context.queryParam("readOnly")),
                        Boolean.parseBoolean(context.queryParam("direct")),
                        Optional.ofNullable(context.queryParam("caFile")).filter(file -> !file.isBlank()))));
        app.get("/api/v1/clusters/{name}/topology", this::topology);
        app.get(
                "/api/v1/clusters/{name}/members/{member}/logs",
                context -> context.json(clusters.logs(
                        context.pathParam("name"), context.pathParam("member"), intParam(context, "lines", 100))));
        app.post("/api/v1/operations", context -> {
            boolean dryRun = Boolean.parseBoolean(context.queryParam("dryRun"));
            DatabaseOperation created = operations.create(OperationRequest.parse(context.body()), dryRun);
            context.status(dryRun ? HttpStatus.OK : HttpStatus.CREATED);
            context.json(created);
        });
        app.get("/api/v1/operations", context -> context.json(operations.list(context.queryParam("cluster"))));
        app.get("/api/v1/operations/{name}", context -> context.json(operations.get(context.pathParam("name"))));
        app.post(
                "/api/v1/operations/{name}/cancel",
                context -> context.json(operations.cancel(context.pathParam("name"))));
        app.post("/api/v1/shutdown", context -> {
            boolean stopMembers = !"false".equals(context.queryParam("stopMembers"));
            context.status(HttpStatus.ACCEPTED);
            context.json(Map.of("status", "shutting down"));
            Thread.ofPlatform().name("shutdown").start(stopMembers ? shutdownStoppingMembers : shutdownKeepingMembers);
        });

        app.exception(
                InvalidDocumentException.class,
                (error, context) -> context.status(422).json(new ApiError(summary(error), error.errors())));
        app.exception(
                OperationRefusedException.class,
                (error, context) -> context.status(HttpStatus.CONFLICT)
                        .json(new ApiError(
                                error.getMessage(),
                                error.field().isEmpty()
                                        ? List.of()
                                        : List.of(new FieldError(null, error.field(), error.getMessage())))));
        app.exception(
                NotFoundException.class,
                (error, context) -> context.status(HttpStatus.NOT_FOUND).json(ApiError.of(error.getMessage())));
        app.exception(
                ConflictException.class,
                (error, context) -> context.status(HttpStatus.CONFLICT).json(ApiError.of(error.getMessage())));
        app.exception(
                Unauthorized.class,
                (error, context) -> context.status(HttpStatus.UNAUTHORIZED)
                        .json(ApiError.of(
                                "missing or wrong API token; the CLI reads it from $MARINA_HOME/server.json")));
        app.exception(
                BadRequest.class,
                (error, context) -> context.status(HttpStatus.BAD_REQUEST).json(ApiError.of(error.getMessage())));
        app.exception(Exception.class, (error, context) -> {
            LOG.error("{} {} failed", context.method(), context.path(), error);
            context.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .json(ApiError.of(
                            "the control plane failed: " + error.getMessage() + "; see $MARINA_HOME/logs/server.log"));
        });
        app.error(HttpStatus.NOT_FOUND, context -> {
            if (context.result() == null || context.result().isEmpty()) {
                context.json(ApiError.of("no such API route: " + context.method() + " " + context.path()));
            }
        });
        app.start(host, port);
        return app.port();
    }

    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private void authenticate(Context context) {
        if (context.path().equals("/api/v1/health")) {
            return;
        }
        // Compared in constant time: the token is the only thing between other local users and the API.
        String header = context.header("Authorization");
        if (BearerAuthorization.carries(header, token)) {
            return;
        }
        // A cluster's gateways read its topology with the secret they share with the control plane, which opens
        // nothing else: they never hold the API token.
        if (context.endpointHandlerPath().equals("/api/v1/clusters/{name}/topology")
                && topologyAccess.admits(context.pathParam("name"), header)) {
            return;
        }
        throw new Unauthorized();
    }

    private void topology(Context context) {
        // Requests run on virtual threads (useVirtualThreads above): a gateway's long poll parks no platform thread.
        context.json(topologies.answer(
                context.pathParam("name"),
                Optional.ofNullable(context.queryParam("after")),
                TopologyWait.parse(context.queryParam(TopologyWait.PARAMETER))));
    }

    private static String summary(InvalidDocumentException error) {
        if (error.errors().size() == 1) {
            return error.errors().get(0).toString();
        }
        return error.errors().size() + " problems; nothing was changed";
    }

    private static int intParam(Context context, String name, int defaultValue) {
        String value = context.queryParam(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadRequest("query parameter " + name + " must be a whole number, got '" + value + "'");
        }
    }

    /** A request without the right token. */
    static final class Unauthorized extends RuntimeException {}

    /** A malformed request (as opposed to an invalid document). */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
