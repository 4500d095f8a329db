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
import dev.marina.control.member.MemberContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PostgreSQL with streaming replication: one primary, replicas cloned with pg_basebackup and fed through slots. */
public final class PostgresEngine implements Engine, AutoCloseable {

    public static final String NAME = "postgresql";
    public static final String COMPONENT = "postgres";
    static final String PORT = "postgres";
    static final String SUPERUSER = "superuser";
    static final String REPLICATION = "replication";
    static final String APPLICATION = "application";

    private static final EngineDescription DESCRIPTION = new EngineDescription(
            NAME, List.of("15"), Map.of(COMPONENT, new ComponentDescription(true, 1, 9, 3, PostgresSettings.MANAGED)));

    private final PostgresInstallation installation;
    private final PostgresProbe probe = new PostgresProbe();

    public PostgresEngine(PostgresInstallation installation) {
        this.installation = requireNonNull(installation, "installation is null");
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
    public List<String> portNames() {
        return List.of(PORT);
    }

    @Override
    public MemberPlan render(MemberContext member, Topology topology) {
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
        return probe.probe(member);
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
        return ClusterSql.reload(member);
    }

    @Override
    public List<String> pendingRestart(MemberContext member) {
        return ClusterSql.pendingRestart(member);
    }

    @Override
    public boolean lowersWhatReplicasNeed(MemberContext primary) {
        return !ClusterSql.loweredStandbyMinimums(primary).isEmpty();
    }

    @Override
    public ConnectionInfo connection(String cluster, List<MemberContext> candidates, boolean readOnly) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("cluster " + cluster + " has no members to connect to");
        }
        String password = candidates.get(0).credentials().password(APPLICATION);
        List<String> hosts = candidates.stream()
                .map(member ->
                        member.endpoint().host() + ":" + member.endpoint().port(PORT))
                .toList();
        // libpq tries the hosts in order and keeps the first with the right role, so the URL keeps working when
        // the primary changes.
        String url = "postgresql://" + encode(ConfigRenderer.APPLICATION_USER) + ":" + encode(password) + "@"
                + String.join(",", hosts) + "/" + ConfigRenderer.APPLICATION_DATABASE
                + "?target_session_attrs=" + (readOnly ? "standby" : "read-write") + "&connect_timeout=5";
        return new ConnectionInfo(
                cluster,
                url,
                hosts,
                ConfigRenderer.APPLICATION_USER,
                password,
                ConfigRenderer.APPLICATION_DATABASE,
                readOnly,
                List.of("psql", url));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        probe.close();
    }
}
