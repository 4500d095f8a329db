package dev.marina.engine.postgresql;

import static java.util.Objects.requireNonNull;

import dev.marina.api.EngineDescription;
import dev.marina.api.EngineDescription.ComponentDescription;
import dev.marina.api.http.ConnectionInfo;
import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberHost;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.ClusterTls;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** PostgreSQL with streaming replication: one primary, replicas cloned with pg_basebackup and fed through slots. */
public final class PostgresEngine implements Engine, AutoCloseable {

    public static final String NAME = "postgresql";
    public static final String COMPONENT = "postgres";
    public static final String GATEWAY = "gateway";
    static final String PORT = "postgres";
    static final String SUPERUSER = "superuser";
    static final String REPLICATION = "replication";
    static final String APPLICATION = "application";

    private static final EngineDescription DESCRIPTION = new EngineDescription(
            NAME,
            List.of("15"),
            orderedComponents(
                    new ComponentDescription(true, 1, 9, 3, PostgresSettings.MANAGED),
                    // Gateways hold no data: any number of them, none unless the spec lists the component.
                    new ComponentDescription(false, 0, 5, 1, Set.of(), false, GatewaySettings.RULES)));
    /** How long a switchover holds a gateway's writes at most, should the control plane never release them. */
    private static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

    private final PostgresInstallation installation;
    private final Optional<GatewayProgram> gateway;
    private final PostgresProbe probe = new PostgresProbe();
    private final GatewayAdmin gatewayAdmin = new GatewayAdmin();

    /** An engine that runs no gateways (tests of the database members). */
    public PostgresEngine(PostgresInstallation installation) {
        this(installation, Optional.empty());
    }

    public PostgresEngine(PostgresInstallation installation, Optional<GatewayProgram> gateway) {
        this.installation = requireNonNull(installation, "installation is null");
        this.gateway = requireNonNull(gateway, "gateway is null");
    }

    private static Map<String, ComponentDescription> orderedComponents(
            ComponentDescription database, ComponentDescription gateway) {
        Map<String, ComponentDescription> components = new LinkedHashMap<>();
        components.put(COMPONENT, database);
        components.put(GATEWAY, gateway);
        return components;
    }

    private static boolean isGateway(MemberContext member) {
        return GATEWAY.equals(member.identity().component());
    }

    @Override
    public EngineDescription description() {
        return DESCRIPTION;
    }

    @Override
    public List<String> credentialNames() {
        return List.of(SUPERUSER, REPLICATION, APPLICATION);
    }

    @Override
    public List<String> portNames(String component) {
        return GATEWAY.equals(component) ? GatewayRenderer.PORTS : List.of(PORT);
    }

    @Override
    public MemberPlan render(MemberContext member, Topology topology) {
        if (isGateway(member)) {
            return GatewayRenderer.render(
                    member,
                    gateway.orElseThrow(() -> new IllegalStateException(
                            "this control plane was started without the gateway program, so it cannot run "
                                    + member.name())));
        }
        Map<String, PlannedFile> files = new LinkedHashMap<>();
        var config = member.layout().config();
        files.put(
                config.resolve("postgresql.conf").toString(),
                new PlannedFile(ConfigRenderer.postgresqlConf(member, topology), false));
        files.put(config.resolve("pg_hba.conf").toString(), new PlannedFile(ConfigRenderer.pgHba(member), false));
        files.put(config.resolve("pg_ident.conf").toString(), new PlannedFile("", false));
        files.put(config.resolve("pgpass").toString(), new PlannedFile(ConfigRenderer.pgpass(member), true));
        String standbySignal = member.layout().data().resolve("standby.signal").toString();
        // With the primary unknown, the standby marker is left as the data has it: adding it could not hurt, but
        // removing it would turn a replica into a second primary.
        boolean replica = topology.isKnown() && !topology.isPrimary(member);
        boolean primary = topology.isKnown() && topology.isPrimary(member);
        if (replica) {
            files.put(standbySignal, new PlannedFile("", false));
        }
        return new MemberPlan(
                List.of(installation.program(member.spec().version(), "postgres"), "-D", config.toString()),
                Map.of(),
                files,
                primary ? List.of(standbySignal) : List.of(),
                // SIGINT is PostgreSQL's fast shutdown: clients are cut off, nothing committed is lost.
                "INT");
    }

    @Override
    public MemberAgent agent(MemberContext member, MemberHost host) {
        return new PostgresAgent(member, host, installation);
    }

    @Override
    public Optional<RoleReport> probe(MemberContext member) {
        return isGateway(member) ? gatewayAdmin.probe(member) : probe.probe(member);
    }

    @Override
    public void holdWrites(MemberContext member, Duration timeout) {
        if (isGateway(member) && !gatewayAdmin.hold(member, HOLD_LIMIT, timeout)) {
            throw new RuntimeFailure(member.name() + " still has transactions running on the primary after "
                    + timeout.toMillis() + " ms; the primary's shutdown ends them");
        }
    }

    @Override
    public void releaseWrites(MemberContext member) {
        if (isGateway(member)) {
            gatewayAdmin.release(member);
        }
    }

    @Override
    public void promote(MemberContext member) {
        ClusterSql.promote(member);
    }

    @Override
    public void initializeCluster(MemberContext primary) {
        ClusterSql.initializeCluster(primary);
    }

    @Override
    public void prepareReplica(MemberContext primary, MemberContext replica) {
        ClusterSql.ensureSlot(primary, SlotNames.forMember(replica.name()));
    }

    @Override
    public void forgetReplica(MemberContext primary, String replicaName) {
        probe.forget(replicaName);
        ClusterSql.dropSlot(primary, SlotNames.forMember(replicaName));
    }

    @Override
    public List<String> reload(MemberContext member) {
        return isGateway(member) ? gatewayAdmin.reload(member) : ClusterSql.reload(member);
    }

    @Override
    public List<String> pendingRestart(MemberContext member) {
        return isGateway(member) ? List.of() : ClusterSql.pendingRestart(member);
    }

    @Override
    public boolean lowersWhatReplicasNeed(MemberContext primary) {
        return !ClusterSql.loweredStandbyMinimums(primary).isEmpty();
    }

    @Override
    public ConnectionInfo connection(
            String cluster, List<MemberContext> candidates, boolean readOnly, boolean direct, Optional<String> caFile) {
        List<MemberContext> gateways =
                candidates.stream().filter(PostgresEngine::isGateway).toList();
        List<MemberContext> databases =
                candidates.stream().filter(member -> !isGateway(member)).toList();
        boolean throughGateway = !direct && !gateways.isEmpty();
        List<MemberContext> targets = throughGateway ? gateways : databases;
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("cluster " + cluster + " has no members to connect to");
        }
        MemberContext first = targets.get(0);
        String password = first.credentials().password(APPLICATION);
        String port =
                throughGateway ? (readOnly ? GatewayRenderer.READ_ONLY_PORT : GatewayRenderer.READ_WRITE_PORT) : PORT;
        List<String> hosts =
                targets.stream().map(member -> member.endpoint().address(port)).toList();
        // Only gateways serve TLS; the database members are reached on loopback or inside the cluster's network.
        Optional<ClusterTls> tls = throughGateway
                        && GatewaySettings.servesTls(
                                first.spec().components().get(GATEWAY).config())
                ? first.credentials().tls()
                : Optional.empty();
        // Directly, libpq tries the hosts in order and keeps the first with the right role, so the URL keeps working
        // when the primary changes; through gateways, each gateway routes to the right role itself, and libpq takes
        // the next gateway when one is down.
        String url = "postgresql://" + encode(ConfigRenderer.APPLICATION_USER) + ":" + encode(password) + "@"
                + String.join(",", hosts) + "/" + ConfigRenderer.APPLICATION_DATABASE
                + (throughGateway ? "?" : "?target_session_attrs=" + (readOnly ? "standby" : "read-write") + "&")
                + "connect_timeout=5"
                + tls.map(present -> caFile.map(file -> "&sslmode=verify-full&sslrootcert=" + encodePath(file))
                                .orElse("&sslmode=require"))
                        .orElse("");
        return new ConnectionInfo(
                cluster,
                url,
                hosts,
                ConfigRenderer.APPLICATION_USER,
                password,
                ConfigRenderer.APPLICATION_DATABASE,
                readOnly,
                List.of("psql", url),
                tls.map(ClusterTls::authorityCertificate).orElse(null));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A file path as a URL parameter value, readable: libpq and PgJDBC decode percent escapes, and a {@code /} needs
     * none. libpq does not read {@code +} as a space, so a space is {@code %20}.
     */
    static String encodePath(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%2F", "/");
    }

    @Override
    public void close() {
        probe.close();
        gatewayAdmin.close();
    }
}
