package dev.marina.gateway.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Everything one gateway process needs, read from a JSON file the control plane writes (mode 0600: it holds the
 * passwords the gateway uses towards PostgreSQL). Absent fields take the defaults below; {@link GatewayConfigs}
 * validates a parsed file and names the field that is wrong.
 *
 * @param name the gateway member's name, in logs and the admin view
 * @param cluster the cluster it fronts
 * @param listenAddress where the endpoints listen (loopback unless told otherwise)
 * @param ports the endpoint ports; 0 lets the system choose (tests), -1 turns an endpoint off
 * @param pool pooling mode and limits
 * @param routing read routing and failover waits
 * @param users who may connect, with the password the gateway verifies (SCRAM) and also uses towards PostgreSQL
 * @param tls optional certificate and key; without it the gateway answers SSLRequest with 'N'
 * @param topology where the member list comes from: the control plane's feed, or a fixed list (benchmarks)
 * @param adminToken when set, the admin endpoint's actions (pause, resume) need it as a bearer token
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record GatewayConfig(
        String name,
        String cluster,
        String listenAddress,
        Ports ports,
        Pool pool,
        Routing routing,
        List<User> users,
        Tls tls,
        TopologySource topology,
        String adminToken) {

    public GatewayConfig {
        requireNonNull(name, "name is null");
        cluster = cluster == null ? name : cluster;
        listenAddress = listenAddress == null ? "127.0.0.1" : listenAddress;
        ports = ports == null ? new Ports(null, null, null, null) : ports;
        pool = pool == null ? Pool.DEFAULT : pool;
        routing = routing == null ? Routing.DEFAULT : routing;
        users = users == null ? List.of() : List.copyOf(users);
        requireNonNull(topology, "topology is null");
    }

    public GatewayConfig withPorts(Ports newPorts) {
        return new GatewayConfig(
                name, cluster, listenAddress, newPorts, pool, routing, users, tls, topology, adminToken);
    }

    public GatewayConfig withPool(Pool newPool) {
        return new GatewayConfig(
                name, cluster, listenAddress, ports, newPool, routing, users, tls, topology, adminToken);
    }

    public GatewayConfig withRouting(Routing newRouting) {
        return new GatewayConfig(
                name, cluster, listenAddress, ports, pool, newRouting, users, tls, topology, adminToken);
    }

    public GatewayConfig withUsers(List<User> newUsers) {
        return new GatewayConfig(
                name, cluster, listenAddress, ports, pool, routing, newUsers, tls, topology, adminToken);
    }

    public GatewayConfig withAdminToken(String newAdminToken) {
        return new GatewayConfig(
                name, cluster, listenAddress, ports, pool, routing, users, tls, topology, newAdminToken);
    }

    /** Endpoint ports. {@code admin} serves the admin view and Prometheus metrics over HTTP. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Override
    public String toString() {
        return "GatewayConfig[name=" + name + ", cluster=" + cluster + ", ports=" + ports + ", pool=" + pool + "]";
    }

    public record Ports(Integer readWrite, Integer readOnly, Integer auto, Integer admin) {
        public Ports {
            readWrite = readWrite == null ? 0 : readWrite;
            readOnly = readOnly == null ? 0 : readOnly;
            auto = auto == null ? 0 : auto;
            admin = admin == null ? 0 : admin;
        }
    }

    /**
     * @param mode {@code transaction} (a server connection per transaction) or {@code session} (per client)
     * @param size server connections per member and per user/database/startup-settings pool
     * @param maxClients client connections the gateway accepts in all
     * @param idleTimeoutSeconds an idle server connection is closed after this long
     * @param lifetimeSeconds a server connection is closed when next idle after this long
     * @param connectTimeoutMillis how long opening a server connection may take
     * @param maxPreparedStatements statements one server connection keeps prepared (transaction pooling); the least
     *     recently used one beyond it is closed on the server
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pool(
            String mode,
            Integer size,
            Integer maxClients,
            Integer idleTimeoutSeconds,
            Integer lifetimeSeconds,
            Integer connectTimeoutMillis,
            Integer maxPreparedStatements) {

        public static final String TRANSACTION = "transaction";
        public static final String SESSION = "session";
        public static final Pool DEFAULT = new Pool(null, null, null, null, null, null, null);

        public Pool {
            mode = mode == null ? TRANSACTION : mode;
            size = size == null ? 20 : size;
            maxClients = maxClients == null ? 1000 : maxClients;
            idleTimeoutSeconds = idleTimeoutSeconds == null ? 600 : idleTimeoutSeconds;
            lifetimeSeconds = lifetimeSeconds == null ? 3600 : lifetimeSeconds;
            connectTimeoutMillis = connectTimeoutMillis == null ? 2000 : connectTimeoutMillis;
            // PgBouncer's default for the same limit (max_prepared_statements).
            maxPreparedStatements = maxPreparedStatements == null ? 200 : maxPreparedStatements;
        }

        public Pool(
                String mode,
                Integer size,
                Integer maxClients,
                Integer idleTimeoutSeconds,
                Integer lifetimeSeconds,
                Integer connectTimeoutMillis) {
            this(mode, size, maxClients, idleTimeoutSeconds, lifetimeSeconds, connectTimeoutMillis, null);
        }

        public Pool withMode(String newMode) {
            return new Pool(
                    newMode,
                    size,
                    maxClients,
                    idleTimeoutSeconds,
                    lifetimeSeconds,
                    connectTimeoutMillis,
                    maxPreparedStatements);
        }

        public Pool withSize(int newSize) {
            return new Pool(
                    mode,
                    newSize,
                    maxClients,
                    idleTimeoutSeconds,
                    lifetimeSeconds,
                    connectTimeoutMillis,
                    maxPreparedStatements);
        }

        public Pool withMaxPreparedStatements(int newMaxPreparedStatements) {
            return new Pool(
                    mode,
                    size,
                    maxClients,
                    idleTimeoutSeconds,
                    lifetimeSeconds,
                    connectTimeoutMillis,
                    newMaxPreparedStatements);
        }

        public boolean transactionPooling() {
            return TRANSACTION.equals(mode);
        }
    }

    /**
     * @param maxLagBytes a replica further behind than this serves no reads
     * @param maxLagSeconds nor one whose last applied change is older than this while it has more to apply (the
     *     feed's {@code lagSeconds}; members whose feed does not say are judged by bytes only)
     * @param readFallback {@code primary}: reads go to the primary when no replica fits; {@code error}: they fail
     * @param failoverWaitMillis how long a new transaction waits for a writable primary while the primary changes
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Routing(Long maxLagBytes, Integer maxLagSeconds, String readFallback, Integer failoverWaitMillis) {

        public static final String FALLBACK_PRIMARY = "primary";
        public static final String FALLBACK_ERROR = "error";
        public static final Routing DEFAULT = new Routing(null, null, null, null);

        public Routing {
            maxLagBytes = maxLagBytes == null ? 16L * 1024 * 1024 : maxLagBytes;
            maxLagSeconds = maxLagSeconds == null ? 10 : maxLagSeconds;
            readFallback = readFallback == null ? FALLBACK_PRIMARY : readFallback;
            failoverWaitMillis = failoverWaitMillis == null ? 5000 : failoverWaitMillis;
        }
    }

    /** A user clients log in as; the same name and password log the gateway in to PostgreSQL. */
    public record User(String name, String password) {
        public User {
            requireNonNull(name, "name is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public String toString() {
            return "User[name=" + name + ", password=***]";
        }
    }

    /** PEM files; clients that ask for TLS get it, others stay in plaintext unless {@code required}. */
    public record Tls(String certificate, String key, Boolean required) {
        public boolean isRequired() {
            return Boolean.TRUE.equals(required);
        }
    }

    /**
     * One of: {@code url} (the control plane's topology feed, polled with the bearer {@code token}); {@code
     * addressFile} (a file holding the control plane's base URL, read again whenever the feed does not answer, as
     * the control plane Marina runs gateways for writes it: its port changes when it restarts); or {@code members} (a
     * fixed list: the first primary wins; used by benchmarks and tests).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TopologySource(String url, String addressFile, String token, List<StaticMember> members) {
        public TopologySource {
            members = members == null ? List.of() : List.copyOf(members);
        }

        public TopologySource(String url, String token, List<StaticMember> members) {
            this(url, null, token, members);
        }

        @Override
        public String toString() {
            return "TopologySource[url=" + url + ", addressFile=" + addressFile + ", members=" + members + "]";
        }
    }

    /** One member of a fixed topology. {@code role} is {@code primary} or {@code replica}. */
    public record StaticMember(String name, String host, int port, String role) {}
}
