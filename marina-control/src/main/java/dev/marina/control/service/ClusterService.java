package dev.marina.control.service;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.MemberStatus;
import dev.marina.api.http.ApplyResult;
import dev.marina.api.http.ClusterEvent;
import dev.marina.api.http.ConnectionInfo;
import dev.marina.api.http.MemberLogs;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.api.yaml.DocumentParser;
import dev.marina.api.yaml.DocumentParser.ParsedDocument;
import dev.marina.control.engine.Engine;
import dev.marina.control.member.CertificateAndKey;
import dev.marina.control.member.ClusterTls;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.StoredCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** What the API offers on clusters. Validates everything before it changes anything. */
public final class ClusterService {

    private final ClusterStore store;
    private final ClusterValidator validator;
    private final Function<String, Engine> engines;
    private final MemberRuntime runtime;
    private final Consumer<String> trigger;

    public ClusterService(
            ClusterStore store,
            ClusterValidator validator,
            Function<String, Engine> engines,
            MemberRuntime runtime,
            Consumer<String> trigger) {
        this.store = requireNonNull(store, "store is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.trigger = requireNonNull(trigger, "trigger is null");
    }

    /** Creates or updates every document in {@code text}, or none of them when any is invalid. */
    public synchronized ApplyResult apply(String text, boolean dryRun) {
        List<ParsedDocument> documents = DocumentParser.parse(text);
        List<FieldError> errors = new ArrayList<>();
        List<DatabaseCluster> validated = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ParsedDocument document : documents) {
            try {
                DatabaseCluster cluster = document.cluster();
                Optional<StoredCluster> existing =
                        cluster.metadata() == null ? Optional.empty() : store.find(cluster.name());
                if (existing.isPresent() && existing.get().deleting()) {
                    throw new InvalidDocumentException(new FieldError(
                            null,
                            "metadata.name",
                            "cluster " + cluster.name() + " is being deleted; wait, then apply again"));
                }
                DatabaseCluster checked = existing.isPresent()
                        ? validator.validateUpdate(existing.get().resource(), cluster)
                        : validator.validate(cluster);
                if (!names.add(checked.name())) {
                    throw new InvalidDocumentException(new FieldError(
                            null, "metadata.name", "cluster " + checked.name() + " appears twice in this file"));
                }
                validated.add(checked.withStatus(null));
            } catch (InvalidDocumentException e) {
                e.errors().forEach(error -> errors.add(error.inDocument(document.label())));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidDocumentException(errors);
        }
        List<ApplyResult.Applied> applied = new ArrayList<>();
        for (DatabaseCluster cluster : validated) {
            if (dryRun) {
                String action =
                        store.find(cluster.name()).map(existing -> "configured").orElse("created");
                applied.add(new ApplyResult.Applied(DatabaseCluster.KIND, cluster.name(), action + " (dry run)", 0));
                continue;
            }
            ClusterStore.Saved saved = store.save(cluster);
            applied.add(new ApplyResult.Applied(
                    DatabaseCluster.KIND,
                    cluster.name(),
                    saved.action(),
                    saved.cluster().generation()));
            trigger.accept(cluster.name());
        }
        return new ApplyResult(applied);
    }

    public List<DatabaseCluster> list() {
        return store.list().stream().map(StoredCluster::resource).toList();
    }

    public DatabaseCluster get(String name) {
        return find(name).resource();
    }

    public synchronized DatabaseCluster delete(String name, boolean purge) {
        StoredCluster stored = find(name);
        if (stored.resource().spec().isDeletionProtected()) {
            throw new ConflictException("cluster " + name + " has spec.deletionProtection: true; set it to false and"
                    + " apply, then delete");
        }
        store.markDeleting(name, purge || stored.purge());
        trigger.accept(name);
        return find(name).resource();
    }

    public List<ClusterEvent> events(String name, int limit) {
        find(name);
        return store.events(name, Math.max(1, Math.min(limit, 1000)));
    }

    /** How to connect, writable members first; for read-only, streaming replicas first. */
    /** The secret cluster {@code name}'s gateways share with the control plane; empty for an unknown cluster. */
    public Optional<String> gatewaySecret(String name) {
        return store.secret(name, Credentials.GATEWAY);
    }

    public ConnectionInfo connection(String name, boolean readOnly) {
        return connection(name, readOnly, false, Optional.empty());
    }

    /**
     * How to connect to cluster {@code name}: through its gateways when it has any, unless {@code direct}; to the
     * primary, or to the replicas when {@code readOnly}. {@code caFile} is where the client keeps the cluster's CA
     * certificate, which the answer carries when the URL goes through members that serve TLS.
     */
    public ConnectionInfo connection(String name, boolean readOnly, boolean direct, Optional<String> caFile) {
        StoredCluster stored = find(name);
        DatabaseCluster cluster = stored.resource();
        Engine engine = engines.apply(cluster.spec().engine());
        Map<String, String> values = new LinkedHashMap<>();
        for (String credential : engine.credentialNames()) {
            values.put(
                    credential,
                    store.secret(name, credential)
                            .orElseThrow(() -> new ConflictException(
                                    "cluster " + name + " is not initialized yet; wait with: marina wait cluster "
                                            + name + " --for=ready")));
        }
        Credentials credentials =
                tls(name).map(tls -> new Credentials(values, tls)).orElseGet(() -> new Credentials(values));
        Map<String, MemberStatus> statuses = new LinkedHashMap<>();
        if (cluster.status() != null) {
            cluster.status().members().forEach(member -> statuses.put(member.name(), member));
        }
        String primary = cluster.status() == null ? null : cluster.status().primary();
        List<MemberContext> members = store.members(name).stream()
                .sorted(Comparator.comparing((MemberRecord record) -> rank(record, primary, statuses, readOnly))
                        .thenComparing(MemberRecord::identity))
                .map(record -> new MemberContext(
                        cluster.spec(),
                        record.identity(),
                        new Endpoint(runtime.host(record.identity()), record.ports()),
                        runtime.layout(record.identity()),
                        credentials))
                .toList();
        if (members.isEmpty()) {
            throw new ConflictException(
                    "cluster " + name + " has no members yet; wait with: marina wait cluster " + name + " --for=ready");
        }
        return engine.connection(name, members, readOnly, direct, caFile);
    }

    /** The cluster's certificates as the reconciler issued them; empty before its first pass. */
    private Optional<ClusterTls> tls(String name) {
        Optional<CertificateAndKey> authority =
                store.secret(name, Credentials.TLS_AUTHORITY).map(CertificateAndKey::parse);
        Optional<CertificateAndKey> server =
                store.secret(name, Credentials.TLS_SERVER).map(CertificateAndKey::parse);
        if (authority.isEmpty() || server.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClusterTls(authority.get().certificate(), server.get()));
    }

    private static int rank(MemberRecord record, String primary, Map<String, MemberStatus> statuses, boolean readOnly) {
        boolean isPrimary = record.name().equals(primary);
        boolean streaming = Optional.ofNullable(statuses.get(record.name()))
                .map(status -> MemberStatus.STATE_STREAMING.equals(status.state()))
                .orElse(false);
        if (readOnly) {
            return streaming ? 0 : isPrimary ? 2 : 1;
        }
        return isPrimary ? 0 : 1;
    }

    public MemberLogs logs(String name, String member, int lines) {
        find(name);
        MemberRecord record = store.members(name).stream()
                .filter(candidate -> candidate.name().equals(member))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("cluster " + name + " has no member " + member + "; members: "
                        + String.join(
                                ", ",
                                store.members(name).stream()
                                        .map(MemberRecord::name)
                                        .toList())));
        String text = runtime.logs(record.identity(), Math.max(1, Math.min(lines, 10_000)));
        return new MemberLogs(
                name, member, runtime.layout(record.identity()).log().toString(), text);
    }

    private StoredCluster find(String name) {
        ClusterValidator.checkClusterName(name).ifPresent(error -> {
            throw new InvalidDocumentException(error);
        });
        return store.find(name)
                .orElseThrow(() -> new NotFoundException(
                        "cluster " + name + " not found; list clusters with: marina get clusters"));
    }
}
