package dev.marina.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.Condition;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.Endpoints;
import dev.marina.api.MemberStatus;
import dev.marina.api.ObjectMeta;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import dev.marina.api.http.ClusterEvent;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.step.StepProgress;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.Leadership;
import dev.marina.control.store.StoredCluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterStore} must do. A store implementation's test extends this class and returns a new, empty
 * store from {@link #store()}; a store that keeps its data across a close also overrides {@link #reopen}.
 */
public abstract class ClusterStoreContract {

    private ClusterStore store;

    /** A new, empty store; called before every test and closed after it. */
    protected abstract ClusterStore store();

    /**
     * Opens the store again on the same data after {@code closed} was closed, for stores that keep their data (the
     * durability test runs only when this returns one); by default, none.
     */
    protected ClusterStore reopen(ClusterStore closed) {
        return null;
    }

    @BeforeEach
    final void openStore() {
        store = store();
        assertThat(store).as("store()").isNotNull();
    }

    @AfterEach
    final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // Clusters

    @Test
    void emptyStoreHasNoCluster() {
        assertThat(store.find("demo")).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void newClusterIsCreatedWithGenerationOne() {
        ClusterStore.Saved saved = store.save(cluster("demo", 3));

        assertThat(saved.action()).isEqualTo("created");
        assertThat(saved.cluster().generation()).isEqualTo(1);
        StoredCluster found = store.find("demo").orElseThrow();
        assertThat(found.generation()).isEqualTo(1);
        assertThat(found.resource().spec()).isEqualTo(spec(3));
        assertThat(found.resource().metadata().uid()).isNotBlank();
        assertThat(found.resource().metadata().creationTimestamp()).isNotBlank();
        assertThat(found.deleting()).isFalse();
        assertThat(found.purge()).isFalse();
    }

    @Test
    void newClusterStartsWithoutTheStatusItWasGiven() {
        store.save(cluster("demo", 3).withStatus(status("Ready")));

        assertThat(store.find("demo").orElseThrow().resource().status()).isNull();
    }

    @Test
    void unchangedSpecKeepsItsGeneration() {
        StoredCluster created = store.save(cluster("demo", 3)).cluster();

        ClusterStore.Saved saved = store.save(cluster("demo", 3));

        assertThat(saved.action()).isEqualTo("unchanged");
        assertThat(saved.cluster().generation()).isEqualTo(1);
        assertThat(store.find("demo").orElseThrow().generation()).isEqualTo(1);
        assertThat(store.find("demo").orElseThrow().resource().metadata().uid())
                .isEqualTo(created.resource().metadata().uid());
    }

    @Test
    void changedSpecGetsTheNextGenerationAndKeepsIdentityAndStatus() {
        StoredCluster created = store.save(cluster("demo", 3)).cluster();
        store.saveStatus("demo", status("Ready"));

        ClusterStore.Saved configured = store.save(cluster("demo", 5));
        ClusterStore.Saved again = store.save(cluster("demo", 4));

        assertThat(configured.action()).isEqualTo("configured");
        assertThat(configured.cluster().generation()).isEqualTo(2);
        assertThat(again.cluster().generation()).isEqualTo(3);
        StoredCluster found = store.find("demo").orElseThrow();
        assertThat(found.generation()).isEqualTo(3);
        assertThat(found.resource().spec()).isEqualTo(spec(4));
        assertThat(found.resource().metadata().uid())
                .isEqualTo(created.resource().metadata().uid());
        assertThat(found.resource().metadata().creationTimestamp())
                .isEqualTo(created.resource().metadata().creationTimestamp());
        assertThat(found.resource().status()).isEqualTo(status("Ready"));
    }

    @Test
    void changedLabelsAreStoredWithoutANewGeneration() {
        store.save(cluster("demo", 3));
        DatabaseCluster labelled = cluster("demo", 3)
                .withMetadata(new ObjectMeta("demo", Map.of("team", "payments"), Map.of(), null, null, null));

        ClusterStore.Saved saved = store.save(labelled);

        assertThat(saved.action()).isEqualTo("configured");
        StoredCluster found = store.find("demo").orElseThrow();
        assertThat(found.generation()).isEqualTo(1);
        assertThat(found.resource().metadata().labels()).containsEntry("team", "payments");
    }

    @Test
    void listReturnsEveryClusterByName() {
        store.save(cluster("orders", 3));
        store.save(cluster("billing", 1));
        store.save(cluster("carts", 3));

        assertThat(store.list()).extracting(StoredCluster::name).containsExactly("billing", "carts", "orders");
    }

    @Test
    void statusIsStoredWithoutTouchingTheSpec() {
        store.save(cluster("demo", 3));

        store.saveStatus("demo", status("Creating"));
        store.saveStatus("demo", status("Ready"));

        StoredCluster found = store.find("demo").orElseThrow();
        assertThat(found.resource().status()).isEqualTo(status("Ready"));
        assertThat(found.resource().spec()).isEqualTo(spec(3));
        assertThat(found.generation()).isEqualTo(1);
    }

    @Test
    void statusOfAMissingClusterIsIgnored() {
        store.saveStatus("ghost", status("Ready"));

        assertThat(store.find("ghost")).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void markDeletingIsRememberedAndSurvivesASave() {
        store.save(cluster("demo", 3));

        store.markDeleting("demo", true);
        store.save(cluster("demo", 5));

        StoredCluster found = store.find("demo").orElseThrow();
        assertThat(found.deleting()).isTrue();
        assertThat(found.purge()).isTrue();
    }

    @Test
    void deleteWithoutPurgeKeepsMembersSecretsOrdinalsAndEvents() {
        store.save(cluster("demo", 3));
        store.saveMember("demo", member("demo", 0));
        store.saveMember("demo", member("demo", 1));
        assertThat(store.nextOrdinal("demo", "db")).isEqualTo(0);
        assertThat(store.nextOrdinal("demo", "db")).isEqualTo(1);
        store.saveSecret("demo", "superuser", "s3cret");
        store.appendEvent("demo", null, "Normal", "Created", "created");
        store.saveProgress("demo", List.of(progress("pass-1/start demo-db-0", StepProgress.SUCCEEDED)));

        store.delete("demo", false);

        assertThat(store.find("demo")).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(store.members("demo")).extracting(MemberRecord::name).containsExactly("demo-db-0", "demo-db-1");
        assertThat(store.secret("demo", "superuser")).contains("s3cret");
        assertThat(store.events("demo", 10)).extracting(ClusterEvent::reason).containsExactly("Created");
        assertThat(store.nextOrdinal("demo", "db")).isEqualTo(2);
    }

    @Test
    void deleteWithPurgeRemovesEverythingOfTheCluster() {
        store.save(cluster("demo", 3));
        store.save(cluster("other", 3));
        for (String name : List.of("demo", "other")) {
            store.saveMember(name, member(name, store.nextOrdinal(name, "db")));
            store.saveSecret(name, "superuser", name + "-secret");
            store.appendEvent(name, null, "Normal", "Created", "created " + name);
            store.saveProgress(name, List.of(progress("pass-1/x", StepProgress.SUCCEEDED)));
        }

        store.delete("demo", true);

        assertThat(store.find("demo")).isEmpty();
        assertThat(store.members("demo")).isEmpty();
        assertThat(store.secret("demo", "superuser")).isEmpty();
        assertThat(store.events("demo", 10)).isEmpty();
        assertThat(store.progress("demo")).isEmpty();
        assertThat(store.nextOrdinal("demo", "db")).isEqualTo(0);
        // Another cluster is left alone.
        assertThat(store.find("other")).isPresent();
        assertThat(store.members("other")).hasSize(1);
        assertThat(store.secret("other", "superuser")).contains("other-secret");
        assertThat(store.events("other", 10)).hasSize(1);
        assertThat(store.progress("other")).hasSize(1);
        assertThat(store.nextOrdinal("other", "db")).isEqualTo(1);
    }

    @Test
    void clusterCreatedAgainAfterADeleteStartsAtGenerationOne() {
        store.save(cluster("demo", 3));
        store.save(cluster("demo", 5));
        store.markDeleting("demo", false);
        store.delete("demo", false);

        ClusterStore.Saved saved = store.save(cluster("demo", 3));

        assertThat(saved.action()).isEqualTo("created");
        assertThat(saved.cluster().generation()).isEqualTo(1);
        assertThat(store.find("demo").orElseThrow().deleting()).isFalse();
    }

    // Members

    @Test
    void membersAreSavedReplacedAndDeletedByName() {
        store.save(cluster("demo", 3));
        MemberRecord first = member("demo", 0);
        store.saveMember("demo", first);
        store.saveMember("demo", member("demo", 1));
        store.saveMember("other", member("other", 0));

        store.saveMember("demo", first.withAppliedPlanHash("abc123"));
        store.deleteMember("demo", "demo-db-1");

        assertThat(store.members("demo")).containsExactly(first.withAppliedPlanHash("abc123"));
        assertThat(store.members("other")).extracting(MemberRecord::name).containsExactly("other-db-0");
    }

    @Test
    void memberRecordComesBackEqual() {
        MemberRecord record = new MemberRecord(
                new MemberIdentity("demo", "db", 7),
                Map.of("db", 20007, "metrics", 21007),
                "0123456789abcdef",
                "2025-01-01T00:00:00Z");

        store.saveMember("demo", record);

        assertThat(store.members("demo")).containsExactly(record);
    }

    @Test
    void leavingMarkAndKeepDataComeBack() {
        MemberRecord leaving = member("demo", 2).markedLeaving(true);

        store.saveMember("demo", leaving);

        assertThat(store.members("demo")).singleElement().satisfies(record -> {
            assertThat(record.leaving()).isTrue();
            assertThat(record.keepData()).isTrue();
        });
    }

    @Test
    void specAndMembersAreSavedTogether() {
        store.save(cluster("demo", 3));
        store.saveMember("demo", member("demo", 0));

        ClusterStore.Saved saved = store.saveWithMembers(
                cluster("demo", 2), List.of(member("demo", 0).markedLeaving(false)));

        assertThat(saved.cluster().generation()).isEqualTo(2);
        assertThat(store.find("demo").orElseThrow().resource().spec())
                .isEqualTo(cluster("demo", 2).spec());
        assertThat(store.members("demo"))
                .singleElement()
                .extracting(MemberRecord::leaving)
                .isEqualTo(true);
    }

    // Operations

    @Test
    void operationsComeBackEqualOldestFirstPerCluster() {
        DatabaseOperation second = operation("demo-restart-2", "demo");
        DatabaseOperation first = operation("demo-switchover-1", "demo");
        DatabaseOperation other = operation("other-restart-1", "other");
        store.saveOperation(second);
        store.saveOperation(first);
        store.saveOperation(other);

        assertThat(store.operations("demo")).containsExactly(second, first);
        assertThat(store.operations(null)).containsExactly(second, first, other);
        assertThat(store.operation("demo-switchover-1")).contains(first);
        assertThat(store.operation("ghost")).isEmpty();
    }

    @Test
    void anOperationIsReplacedInPlace() {
        DatabaseOperation first = operation("demo-restart-1", "demo");
        store.saveOperation(first);
        store.saveOperation(operation("demo-restart-2", "demo"));
        DatabaseOperation running = first.withStatus(first.status().started("2025-01-01T00:00:05Z"));

        store.saveOperation(running);

        assertThat(store.operations("demo"))
                .extracting(operation -> operation.status().phase())
                .containsExactly(OperationStatus.RUNNING, OperationStatus.PENDING);
    }

    @Test
    void operationsGoWithAPurgeOnly() {
        store.save(cluster("demo", 1));
        store.saveOperation(operation("demo-restart-1", "demo"));

        store.delete("demo", false);
        assertThat(store.operations("demo")).hasSize(1);

        store.delete("demo", true);
        assertThat(store.operations("demo")).isEmpty();
    }

    @Test
    void membersOfAnUnknownClusterAreEmpty() {
        assertThat(store.members("ghost")).isEmpty();
        store.deleteMember("ghost", "ghost-db-0");
    }

    @Test
    void ordinalsCountUpPerClusterAndComponent() {
        assertThat(store.nextOrdinal("demo", "db")).isEqualTo(0);
        assertThat(store.nextOrdinal("demo", "db")).isEqualTo(1);
        assertThat(store.nextOrdinal("demo", "gateway")).isEqualTo(0);
        assertThat(store.nextOrdinal("other", "db")).isEqualTo(0);
        assertThat(store.nextOrdinal("demo", "db")).isEqualTo(2);
    }

    @Test
    void ordinalsAreNotReusedAfterAMemberIsDeleted() {
        int first = store.nextOrdinal("demo", "db");
        int second = store.nextOrdinal("demo", "db");
        store.saveMember("demo", member("demo", first));
        store.saveMember("demo", member("demo", second));

        store.deleteMember("demo", member("demo", second).name());
        store.deleteMember("demo", member("demo", first).name());

        assertThat(store.nextOrdinal("demo", "db")).isEqualTo(2);
    }

    @Test
    void ordinalsAreNeverHandedOutTwiceUnderConcurrency() throws Exception {
        List<Future<Integer>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                futures.add(executor.submit(() -> store.nextOrdinal("demo", "db")));
            }
        }
        Set<Integer> ordinals = new HashSet<>();
        for (Future<Integer> future : futures) {
            try {
                ordinals.add(future.get());
            } catch (ExecutionException e) {
                throw new AssertionError("nextOrdinal failed", e.getCause());
            }
        }

        assertThat(ordinals)
                .hasSize(50)
                .allSatisfy(ordinal -> assertThat(ordinal).isBetween(0, 49));
    }

    // Leadership

    @Test
    void leadershipIsStoredPerClusterAndReplaced() {
        assertThat(store.leadership("demo")).isEmpty();
        Leadership first = new Leadership("demo-db-0", 1, List.of("demo-db-1", "demo-db-2"), List.of(), null);
        Leadership failingOver = new Leadership(
                "demo-db-0",
                1,
                List.of("demo-db-1"),
                List.of("demo-db-2"),
                new Leadership.Failover("demo-db-0", "demo-db-1", "2026-01-01T00:00:00Z"));

        store.saveLeadership("demo", first);
        assertThat(store.leadership("demo")).contains(first);
        store.saveLeadership("demo", failingOver);

        assertThat(store.leadership("demo")).contains(failingOver);
        assertThat(store.leadership("other")).isEmpty();
    }

    @Test
    void leadershipOutlivesADeleteWithoutPurgeButNotAPurge() {
        store.save(cluster("demo", 3));
        Leadership leadership = new Leadership("demo-db-0", 2, List.of("demo-db-1"), List.of(), null);
        store.saveLeadership("demo", leadership);

        store.delete("demo", false);
        assertThat(store.leadership("demo"))
                .as("the data is kept, so is who was primary")
                .contains(leadership);

        store.delete("demo", true);
        assertThat(store.leadership("demo")).isEmpty();
    }

    // Secrets

    @Test
    void secretsAreStoredPerClusterAndReplaced() {
        assertThat(store.secret("demo", "superuser")).isEmpty();

        store.saveSecret("demo", "superuser", "first");
        store.saveSecret("demo", "superuser", "second");
        store.saveSecret("demo", "replication", "other");

        assertThat(store.secret("demo", "superuser")).contains("second");
        assertThat(store.secret("demo", "replication")).contains("other");
        assertThat(store.secret("other", "superuser")).isEmpty();
    }

    @Test
    void secretsHoldCertificatesWithTheirKeys() {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + "A".repeat(64).concat("\n").repeat(60) + "-----END CERTIFICATE-----\n";

        store.saveSecret("demo", "tls-authority", pem);

        assertThat(store.secret("demo", "tls-authority")).contains(pem);
    }

    // Events

    @Test
    void eventsAreAppendedWithIncreasingIdsAndATime() {
        ClusterEvent first = store.appendEvent("demo", "demo-db-0", "Normal", "Started", "started demo-db-0");
        ClusterEvent second = store.appendEvent("demo", null, "Warning", "StepFailed", "pass-1: broken");

        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(first.time()).isNotBlank();
        assertThat(store.events("demo", 10))
                .extracting(
                        ClusterEvent::cluster,
                        ClusterEvent::member,
                        ClusterEvent::type,
                        ClusterEvent::reason,
                        ClusterEvent::message)
                .containsExactly(
                        tuple("demo", "demo-db-0", "Normal", "Started", "started demo-db-0"),
                        tuple("demo", null, "Warning", "StepFailed", "pass-1: broken"));
    }

    @Test
    void eventsReturnsTheNewestUpToTheLimitOldestFirst() {
        for (int i = 1; i <= 5; i++) {
            store.appendEvent("demo", null, "Normal", "Step", "event " + i);
            store.appendEvent("other", null, "Normal", "Step", "other " + i);
        }

        assertThat(store.events("demo", 3))
                .extracting(ClusterEvent::message)
                .containsExactly("event 3", "event 4", "event 5");
        assertThat(store.events("demo", 100)).hasSize(5);
        assertThat(store.events("ghost", 10)).isEmpty();
    }

    // Progress

    @Test
    void progressIsReplacedAsAWholePerCluster() {
        assertThat(store.progress("demo")).isEmpty();
        List<StepProgress> running = List.of(progress("pass-1/start demo-db-0", StepProgress.RUNNING));
        List<StepProgress> finished = List.of(
                progress("pass-1/start demo-db-0", StepProgress.SUCCEEDED),
                progress("pass-1/start demo-db-1", StepProgress.FAILED));

        store.saveProgress("demo", running);
        store.saveProgress("demo", finished);

        assertThat(store.progress("demo")).isEqualTo(finished);
        assertThat(store.progress("other")).isEmpty();
    }

    // Durability

    @Test
    void everythingSurvivesAReopen() {
        store.save(cluster("demo", 3));
        store.save(cluster("demo", 5));
        store.saveStatus("demo", status("Ready"));
        store.markDeleting("demo", false);
        MemberRecord record = member("demo", store.nextOrdinal("demo", "db"));
        store.saveMember("demo", record);
        store.saveSecret("demo", "superuser", "s3cret");
        store.appendEvent("demo", "demo-db-0", "Normal", "Started", "started");
        List<StepProgress> steps = List.of(progress("pass-1/x", StepProgress.SUCCEEDED));
        store.saveProgress("demo", steps);
        store.close();

        ClusterStore reopened = reopen(store);
        store = reopened;
        assumeTrue(reopened != null, "this store does not keep its data across a close");

        StoredCluster found = reopened.find("demo").orElseThrow();
        assertThat(found.generation()).isEqualTo(2);
        assertThat(found.resource().spec()).isEqualTo(spec(5));
        assertThat(found.resource().status()).isEqualTo(status("Ready"));
        assertThat(found.deleting()).isTrue();
        assertThat(reopened.members("demo")).containsExactly(record);
        assertThat(reopened.secret("demo", "superuser")).contains("s3cret");
        assertThat(reopened.events("demo", 10)).extracting(ClusterEvent::reason).containsExactly("Started");
        assertThat(reopened.progress("demo")).isEqualTo(steps);
        assertThat(reopened.nextOrdinal("demo", "db")).isEqualTo(1);
    }

    // Documents used above.

    protected static ClusterSpec spec(int replicas) {
        return new ClusterSpec(
                "fake",
                "1",
                Map.of("db", new ComponentSpec(replicas, Map.of("work_mem", "4MB"), null, null)),
                new AvailabilitySpec(true, "automatic", null, null, null),
                false);
    }

    protected static DatabaseCluster cluster(String name, int replicas) {
        return DatabaseCluster.of(ObjectMeta.named(name), spec(replicas));
    }

    protected static ClusterStatus status(String phase) {
        return new ClusterStatus(
                phase,
                1L,
                List.of(new Condition(
                        Condition.READY,
                        "True",
                        "AllMembersReady",
                        "3 of 3 members ready",
                        1L,
                        "2025-01-01T00:00:00Z")),
                "demo-db-0",
                1L,
                List.of(new MemberStatus(
                        "demo-db-0", "db", "primary", 1L, "running", "demo-db-0:20000", 0L, 1001L, null)),
                new Endpoints(List.of("demo-db-0:20000"), List.of()));
    }

    protected static MemberRecord member(String cluster, int ordinal) {
        return new MemberRecord(
                new MemberIdentity(cluster, "db", ordinal),
                Map.of("db", 20000 + ordinal),
                "",
                "2025-01-01T00:00:0" + (ordinal % 10) + "Z");
    }

    protected static DatabaseOperation operation(String name, String cluster) {
        return DatabaseOperation.of(
                ObjectMeta.named(name),
                OperationSpec.of(cluster, OperationSpec.RESTART).withMember(cluster + "-db-1"),
                OperationStatus.pending(
                        List.of(OperationStep.planned(1, OperationStep.RESTART, cluster + "-db-1", "restart it")),
                        null,
                        "2025-01-01T00:00:00Z"));
    }

    protected static StepProgress progress(String path, String state) {
        return new StepProgress(
                path,
                state,
                1,
                StepProgress.FAILED.equals(state) ? "broken" : "",
                "2025-01-01T00:00:00Z",
                StepProgress.RUNNING.equals(state) ? null : "2025-01-01T00:00:01Z");
    }
}
