package dev.marina.testkit;

import static dev.marina.testkit.ControlPlane.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.MemberStatus;
import dev.marina.api.http.ClusterEvent;
import dev.marina.control.member.CertificateAndKey;
import dev.marina.control.member.ClusterCertificates;
import dev.marina.control.member.Credentials;
import dev.marina.control.reconcile.ClusterReconciler;
import dev.marina.control.reconcile.StatusCalculator;
import dev.marina.testkit.FakeEngine.Call;
import dev.marina.testkit.FakeEngine.DataSet;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterReconcilerTest {

    private static final String DEMO = "demo";
    private static final String M0 = "demo-db-0";
    private static final String M1 = "demo-db-1";
    private static final String M2 = "demo-db-2";

    private final ControlPlane plane = new ControlPlane();

    @Test
    void createsAThreeMemberSynchronousClusterUntilReady() {
        plane.apply(yaml(DEMO, 3, true, Map.of()));

        ClusterStatus status = plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.reasons(DEMO))
                .containsSubsequence(
                        "MemberAdded", "MemberAdded", "MemberAdded", "Initialized", "Cloned", "Cloned", "Reconfigured")
                .doesNotContain("StepFailed");
        assertThat(plane.events(DEMO, "MemberAdded"))
                .extracting(ClusterEvent::member)
                .containsExactly(M0, M1, M2);
        assertThat(plane.events(DEMO, "Initialized"))
                .singleElement()
                .extracting(ClusterEvent::member)
                .isEqualTo(M0);
        assertThat(plane.events(DEMO, "Cloned"))
                .extracting(ClusterEvent::member)
                .containsExactlyInAnyOrder(M1, M2);

        assertThat(status.phase()).isEqualTo(StatusCalculator.PHASE_READY);
        assertThat(status.observedGeneration()).isEqualTo(1L);
        Condition ready = status.condition(Condition.READY).orElseThrow();
        assertThat(ready.status()).isEqualTo("True");
        assertThat(ready.observedGeneration()).isEqualTo(1L);
        assertThat(status.primary()).isEqualTo(M0);
        assertThat(status.members())
                .filteredOn(member -> "primary".equals(member.role()))
                .extracting(MemberStatus::name)
                .containsExactly(M0);
        assertThat(status.members())
                .filteredOn(member -> MemberStatus.STATE_STREAMING.equals(member.state()))
                .extracting(MemberStatus::name)
                .containsExactly(M1, M2);
        assertThat(status.endpoints().readWrite()).containsExactly(M0 + ":" + port(M0));
        assertThat(status.endpoints().readOnly()).containsExactly(M1 + ":" + port(M1), M2 + ":" + port(M2));

        // The engine was driven as PostgreSQL would be: one initialization, a slot per replica before its copy.
        assertThat(plane.engine.calls("initializeCluster")).containsExactly(new Call("initializeCluster", List.of(M0)));
        assertThat(plane.engine.calls("prepareReplica"))
                .containsExactlyInAnyOrder(
                        new Call("prepareReplica", List.of(M0, M1)), new Call("prepareReplica", List.of(M0, M2)));
        // The topology reached every member: the primary waits for both replicas, which follow it.
        assertThat(config(M0)).contains("role = primary", "synchronous_standbys = " + M1 + "," + M2);
        assertThat(config(M1)).contains("role = replica", "primary = " + M0);
        assertThat(plane.runtime.files(M0)).doesNotContainKey(standbySignal(M0));
        assertThat(plane.runtime.files(M1)).containsKey(standbySignal(M1));
        assertThat(plane.store.secret(DEMO, FakeEngine.SUPERUSER)).isPresent();
    }

    @Test
    void passOnASettledClusterChangesNothing() {
        createReadyCluster(3);
        int events = plane.events(DEMO).size();
        ClusterStatus before = plane.status(DEMO);

        plane.reconciler.reconcile(DEMO);

        assertThat(plane.runtime.calls()).isEmpty();
        assertThat(plane.engine.calls()).isEmpty();
        assertThat(plane.events(DEMO)).hasSize(events);
        assertThat(plane.status(DEMO)).isEqualTo(before);
    }

    @Test
    void killedReplicaIsRestartedOnItsOwnData() {
        createReadyCluster(3);
        DataSet data = plane.engine.dataSet(M1).orElseThrow();
        long pid = plane.runtime.pid(M1).orElseThrow();
        plane.runtime.kill(M1);

        ClusterStatus status = plane.reconcileUntilReady(DEMO, 1);

        assertThat(plane.runtime.targets("start")).containsExactly(M1);
        assertThat(plane.runtime.calls("stop")).isEmpty();
        assertThat(plane.runtime.calls("fence")).isEmpty();
        assertThat(plane.runtime.pid(M1)).isPresent().get().isNotEqualTo(pid);
        assertThat(plane.engine.dataSet(M1)).contains(data);
        assertThat(plane.engine.calls())
                .as("no copy, no rewind, no promotion: only reloads while the standbys change")
                .allMatch(call -> call.name().equals("reload"));
        assertThat(plane.events(DEMO, "Started"))
                .extracting(ClusterEvent::member)
                .containsExactly(M1);
        assertThat(status.members()).extracting(MemberStatus::state).containsOnly("running", "streaming");
        assertThat(config(M0))
                .as("back in the synchronous standbys once it streams")
                .contains("synchronous_standbys = " + M1 + "," + M2);
    }

    @Test
    void killedPrimaryIsRestartedInPlaceWhenFailoverIsManual() {
        plane.apply(yaml(DEMO, 3, true, Map.of(), "failover: manual"));
        plane.reconcileUntilReady(DEMO, 3);
        plane.runtime.clearCalls();
        plane.engine.clearCalls();
        plane.runtime.kill(M0);

        ClusterStatus status = plane.reconcileUntilReady(DEMO, 2);

        assertThat(plane.runtime.targets("start")).containsExactly(M0);
        assertThat(plane.runtime.calls("fence")).isEmpty();
        assertThat(status.primary()).isEqualTo(M0);
        assertThat(plane.engine.calls("promote")).isEmpty();
        assertThat(plane.engine.calls("initialize")).isEmpty();
        assertThat(plane.engine.calls("cloneFrom")).isEmpty();
    }

    @Test
    void scaleOutAndInNeverRemovesThePrimaryNorReusesOrdinals() {
        createReadyCluster(3);

        plane.apply(yaml(DEMO, 5, true, Map.of()));
        ClusterStatus five = plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.memberNames(DEMO)).containsExactly(M0, M1, M2, "demo-db-3", "demo-db-4");
        assertThat(five.members())
                .filteredOn(member -> "streaming".equals(member.state()))
                .hasSize(4);
        assertThat(config(M0)).contains("synchronous_standbys = demo-db-1,demo-db-2,demo-db-3,demo-db-4");
        plane.runtime.clearCalls();
        plane.engine.clearCalls();

        plane.apply(yaml(DEMO, 2, true, Map.of()));
        ClusterStatus two = plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.memberNames(DEMO)).containsExactly(M0, M1);
        assertThat(two.primary()).isEqualTo(M0);
        assertThat(two.members()).extracting(MemberStatus::name).containsExactly(M0, M1);
        assertThat(plane.runtime.isRunning(M0)).isTrue();
        assertThat(plane.runtime.targets("stop")).containsExactlyInAnyOrder(M2, "demo-db-3", "demo-db-4");
        assertThat(plane.runtime.targets("removeStorage")).containsExactlyInAnyOrder(M2, "demo-db-3", "demo-db-4");
        assertThat(plane.engine.calls("forgetReplica"))
                .extracting(call ->
                        call.members().get(0) + " forgets " + call.members().get(1))
                .containsExactlyInAnyOrder(M0 + " forgets " + M2, M0 + " forgets demo-db-3", M0 + " forgets demo-db-4");
        assertThat(plane.events(DEMO, "MemberRemoved"))
                .extracting(ClusterEvent::member)
                .containsExactlyInAnyOrder(M2, "demo-db-3", "demo-db-4");
        assertThat(config(M0)).contains("synchronous_standbys = " + M1 + "\n");

        plane.apply(yaml(DEMO, 3, true, Map.of()));
        plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.memberNames(DEMO)).containsExactly(M0, M1, "demo-db-5");
    }

    @Test
    void scaleInKeepsAPrimaryWithTheHighestOrdinal() {
        createReadyCluster(5);
        plane.engine.promote(DEMO, "demo-db-4");
        ClusterStatus promoted = plane.reconcileUntilReady(DEMO, 2);
        assertThat(promoted.primary()).isEqualTo("demo-db-4");

        plane.apply(yaml(DEMO, 2, true, Map.of()));
        ClusterStatus two = plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.memberNames(DEMO)).containsExactly(M0, "demo-db-4");
        assertThat(two.primary()).isEqualTo("demo-db-4");
        assertThat(plane.runtime.targets("removeStorage")).doesNotContain("demo-db-4");
        assertThat(config(M0)).contains("primary = demo-db-4");
    }

    @Test
    void failedStartDegradesTheClusterAndIsRetriedNextPass() {
        createReadyCluster(3);
        plane.runtime.kill(M2);
        plane.runtime.refuseStarts(M2, "port 20002 is taken");

        plane.reconciler.reconcile(DEMO);

        ClusterStatus failed = plane.status(DEMO);
        assertThat(failed.phase()).isEqualTo(StatusCalculator.PHASE_DEGRADED);
        assertThat(failed.isReady()).isFalse();
        assertThat(failed.condition(Condition.DEGRADED).orElseThrow().status()).isEqualTo("True");
        assertThat(failed.condition(Condition.DEGRADED).orElseThrow().message()).contains("port 20002 is taken");
        ClusterEvent warning = lastEvent();
        assertThat(warning.type()).isEqualTo("Warning");
        assertThat(warning.reason()).isEqualTo("StepFailed");
        assertThat(warning.member()).isEqualTo(M2);
        assertThat(warning.message()).contains("start " + M2).contains("port 20002 is taken");
        assertThat(plane.runtime.targets("start")).containsExactly(M2);

        plane.reconciler.reconcile(DEMO);

        assertThat(plane.runtime.targets("start")).containsExactly(M2, M2);
        assertThat(plane.status(DEMO).phase()).isEqualTo(StatusCalculator.PHASE_DEGRADED);

        plane.runtime.allowStarts(M2);
        ClusterStatus recovered = plane.reconcileUntilReady(DEMO, 1);

        assertThat(recovered.phase()).isEqualTo(StatusCalculator.PHASE_READY);
        assertThat(plane.events(DEMO, "Started"))
                .extracting(ClusterEvent::member)
                .containsExactly(M2);
    }

    @Test
    void deleteWithoutPurgeStopsMembersAndKeepsTheirRecordsAndSecrets() {
        createReadyCluster(3);
        String password = plane.store.secret(DEMO, FakeEngine.SUPERUSER).orElseThrow();

        plane.service.delete(DEMO, false);
        assertThat(plane.triggered).endsWith(DEMO);
        assertThat(plane.store.find(DEMO).orElseThrow().deleting()).isTrue();
        plane.reconciler.reconcile(DEMO);

        assertThat(plane.store.find(DEMO)).isEmpty();
        assertThat(plane.runtime.targets("stop")).containsExactlyInAnyOrder(M0, M1, M2);
        assertThat(plane.runtime.calls("removeStorage")).isEmpty();
        assertThat(plane.runtime.calls("removeCluster")).isEmpty();
        assertThat(plane.runtime.isRunning(M0)).isFalse();
        assertThat(plane.store.members(DEMO)).hasSize(3);
        assertThat(plane.store.secret(DEMO, FakeEngine.SUPERUSER)).contains(password);
        assertThat(plane.engine.dataSet(M0)).isPresent();
    }

    @Test
    void clusterCreatedAgainAfterADeleteWithoutPurgeGetsItsMembersBack() {
        createReadyCluster(3);
        DataSet data = plane.engine.dataSet(M1).orElseThrow();
        plane.service.delete(DEMO, false);
        plane.reconciler.reconcile(DEMO);
        plane.engine.clearCalls();

        plane.apply(yaml(DEMO, 3, true, Map.of()));
        ClusterStatus status = plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.memberNames(DEMO)).containsExactly(M0, M1, M2);
        assertThat(status.primary()).isEqualTo(M0);
        assertThat(plane.engine.dataSet(M1)).contains(data);
        assertThat(plane.engine.calls("initialize")).isEmpty();
        assertThat(plane.engine.calls("cloneFrom")).isEmpty();
    }

    @Test
    void deleteWithPurgeRemovesEveryMemberAndEverythingStored() {
        createReadyCluster(3);

        plane.service.delete(DEMO, true);
        plane.reconciler.reconcile(DEMO);

        assertThat(plane.store.find(DEMO)).isEmpty();
        assertThat(plane.runtime.targets("removeStorage")).containsExactlyInAnyOrder(M0, M1, M2);
        assertThat(plane.runtime.targets("removeCluster")).containsExactly(DEMO);
        assertThat(plane.runtime.isRunning(M0)).isFalse();
        assertThat(plane.store.members(DEMO)).isEmpty();
        assertThat(plane.store.secret(DEMO, FakeEngine.SUPERUSER)).isEmpty();
        assertThat(plane.store.events(DEMO, 10)).isEmpty();
        assertThat(plane.engine.dataSet(M0)).isEmpty();

        plane.apply(yaml(DEMO, 3, true, Map.of()));
        plane.reconcileUntilReady(DEMO, 3);

        // A purged cluster starts over: ordinals from 0, a new data set.
        assertThat(plane.memberNames(DEMO)).containsExactly(M0, M1, M2);
        assertThat(plane.reasons(DEMO)).contains("Initialized");
    }

    @Test
    void configurationChangeReconfiguresEveryMemberReplicasFirst() {
        createReadyCluster(3);
        int eventsBefore = plane.events(DEMO).size();

        plane.apply(yaml(DEMO, 3, true, Map.of("work_mem", "8MB")));
        ClusterStatus status = plane.reconcileUntilReady(DEMO, 1);

        assertThat(plane.engine.calls("reload"))
                .extracting(call -> call.members().get(0))
                .containsExactlyInAnyOrder(M0, M1, M2)
                .endsWith(M0);
        assertThat(plane.runtime.targets("writeFiles")).containsExactlyInAnyOrder(M0, M1, M2);
        assertThat(plane.runtime.calls("start")).isEmpty();
        assertThat(plane.runtime.calls("stop")).isEmpty();
        assertThat(plane.events(DEMO).subList(eventsBefore, plane.events(DEMO).size()))
                .allSatisfy(event -> assertThat(event.reason()).isEqualTo("Reconfigured"))
                .extracting(ClusterEvent::member)
                .containsExactlyInAnyOrder(M0, M1, M2)
                .endsWith(M0);
        assertThat(config(M0)).contains("work_mem = 8MB");
        assertThat(config(M2)).contains("work_mem = 8MB");
        assertThat(status.observedGeneration()).isEqualTo(2L);
        assertThat(status.condition(Condition.READY).orElseThrow().observedGeneration())
                .isEqualTo(2L);
    }

    @Test
    void settingThatNeedsARestartIsReportedForEachMember() {
        createReadyCluster(3);
        plane.engine.restartPending(List.of("shared_buffers"));

        plane.apply(yaml(DEMO, 3, true, Map.of("shared_buffers", "256MB")));
        plane.reconcileUntilReady(DEMO, 1);

        assertThat(plane.events(DEMO, "RestartPending"))
                .allSatisfy(event -> {
                    assertThat(event.type()).isEqualTo("Warning");
                    assertThat(event.message()).contains("shared_buffers").contains(event.member());
                })
                .extracting(ClusterEvent::member)
                .containsExactlyInAnyOrder(M0, M1, M2);
    }

    @Test
    void progressOfTheLastPassIsStored() {
        createReadyCluster(3);

        assertThat(plane.store.progress(DEMO))
                .isNotEmpty()
                .allSatisfy(step -> assertThat(step.state()).isEqualTo("succeeded"))
                .extracting(step -> step.path())
                .contains(
                        "pass-1/members/add-db-member",
                        "pass-2/primary/initialize " + M0,
                        "pass-3/replicas/clone " + M1);
    }

    @Test
    void primaryThatCannotBeStartedLeavesADegradedStatus() {
        // Regression (StatusCalculator.memberStatus): with no writable primary, a running replica's lag is a null Long
        // that
        // "role.writable() ? 0L : lag" unboxes: the pass throws a NullPointerException while saving the status.
        plane.apply(yaml(DEMO, 3, true, Map.of(), "failover: manual"));
        plane.reconcileUntilReady(DEMO, 3);
        plane.runtime.kill(M0);
        plane.runtime.refuseStarts(M0, "data directory is locked");

        assertThatCode(() -> plane.reconciler.reconcile(DEMO)).doesNotThrowAnyException();

        ClusterStatus status = plane.status(DEMO);
        assertThat(status.phase()).isEqualTo(StatusCalculator.PHASE_DEGRADED);
        assertThat(status.isReady()).isFalse();
        assertThat(status.primary()).isEqualTo(M0);
        assertThat(status.endpoints().readWrite()).isEmpty();
        assertThat(lastEvent())
                .extracting(ClusterEvent::reason, ClusterEvent::member)
                .containsExactly("StepFailed", M0);
    }

    @Test
    void primaryThatStopsAnsweringIsNoLongerReportedReady() {
        // The same bug seen from outside: every pass throws before it saves the status, so the status keeps saying
        // Ready while the primary accepts no writes.
        createReadyCluster(3);
        plane.engine.answering(M0, false);

        assertThatCode(() -> plane.reconciler.reconcile(DEMO)).doesNotThrowAnyException();

        ClusterStatus status = plane.status(DEMO);
        assertThat(status.isReady()).isFalse();
        assertThat(status.condition(Condition.READY).orElseThrow().message()).contains("no primary accepts writes");
    }

    @Test
    void clusterInitializationThatFailedIsRetried() {
        // Regression: initializeCluster once ran only inside the Bootstrap step, after the first data set exists. When
        // it fails
        // (or the control plane dies right before it), the next pass sees data on the primary, never plans a
        // Bootstrap again, and the cluster goes Ready without its users and databases.
        plane.engine.failNext("initializeCluster", "connection refused");
        plane.apply(yaml(DEMO, 3, true, Map.of()));
        plane.reconciler.reconcile(DEMO);
        assertThat(plane.events(DEMO, "StepFailed"))
                .singleElement()
                .extracting(ClusterEvent::message)
                .asString()
                .contains("connection refused");

        plane.reconcileUntilReady(DEMO, 3);

        // The failed first call and the retry.
        assertThat(plane.engine.calls("initializeCluster")).hasSize(2);
        assertThat(plane.reasons(DEMO)).contains("Initialized");
        assertThat(plane.store.isInitialized(DEMO)).isTrue();
    }

    @Test
    void failedMemberAdditionIsNotBlamedOnAMemberThatDoesNotExist() {
        // Regression (ClusterReconciler.memberOf): the last word of a step path was taken as a member name when it
        // contains a
        // dash, so a failure of "pass-1/members/add-db-member" is recorded against a member "add-db-member".
        plane.runtime.refusePorts("no free port between 20000 and 20999");
        plane.apply(yaml(DEMO, 3, true, Map.of()));

        plane.reconciler.reconcile(DEMO);

        ClusterEvent warning = lastEvent();
        assertThat(warning.reason()).isEqualTo("StepFailed");
        assertThat(warning.message()).contains("no free port");
        assertThat(warning.member()).isNull();
    }

    @Test
    void deleteThatCannotStopAMemberIsReportedAndRetried() {
        // Regression: reconcile() promises never to throw for a failure a later pass may fix, but a failed stop during
        // a
        // delete escapes from stopMembers/runInParallel: no event says why the delete does not finish.
        createReadyCluster(3);
        plane.runtime.refuseStops(M1, "kubelet unreachable");
        plane.service.delete(DEMO, false);

        assertThatCode(() -> plane.reconciler.reconcile(DEMO)).doesNotThrowAnyException();

        assertThat(plane.store.find(DEMO)).isPresent();
        assertThat(plane.store.find(DEMO).orElseThrow().deleting()).isTrue();
        assertThat(plane.events(DEMO)).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo("Warning");
            assertThat(event.message()).contains("kubelet unreachable");
        });

        plane.runtime.allowStops(M1);
        plane.reconciler.reconcile(DEMO);

        assertThat(plane.store.find(DEMO)).isEmpty();
    }

    @Test
    void tlsCertificatesAreIssuedOnceKeptByTheNextControlPlaneAndRenewedBeforeTheyExpire() throws Exception {
        createReadyCluster(3);
        String authority = plane.store.secret(DEMO, Credentials.TLS_AUTHORITY).orElseThrow();
        String server = plane.store.secret(DEMO, Credentials.TLS_SERVER).orElseThrow();
        X509Certificate certificate =
                ClusterCertificates.certificate(CertificateAndKey.parse(server).certificate());
        assertThat(certificate.getSubjectAlternativeNames())
                .extracting(name -> (Object) name.get(1))
                .containsExactly("localhost", "127.0.0.1");
        assertThat(plane.events(DEMO, "CertificateIssued")).hasSize(1);
        assertThat(plane.events(DEMO, "CertificateRenewed")).isEmpty();

        plane.reconcilerAt(ControlPlane.CLOCK).reconcile(DEMO);

        assertThat(plane.store.secret(DEMO, Credentials.TLS_AUTHORITY)).contains(authority);
        assertThat(plane.store.secret(DEMO, Credentials.TLS_SERVER)).contains(server);

        plane.reconcilerAt(Clock.offset(ControlPlane.CLOCK, Duration.ofDays(340)))
                .reconcile(DEMO);

        assertThat(plane.store.secret(DEMO, Credentials.TLS_AUTHORITY))
                .as("clients keep the authority they hold")
                .contains(authority);
        String renewed = plane.store.secret(DEMO, Credentials.TLS_SERVER).orElseThrow();
        assertThat(renewed).isNotEqualTo(server);
        assertThat(ClusterCertificates.certificate(
                                CertificateAndKey.parse(renewed).certificate())
                        .getNotAfter()
                        .toInstant())
                .isEqualTo(ControlPlane.CLOCK.instant().plus(Duration.ofDays(340 + 365)));
        assertThat(plane.events(DEMO, "CertificateRenewed")).hasSize(1);
    }

    @Test
    void aControlPlaneThatKeepsRunningRenewsTheCertificateWhenItComesDueThoughItCheckedItBefore() {
        createReadyCluster(3);
        String server = plane.store.secret(DEMO, Credentials.TLS_SERVER).orElseThrow();
        MovableClock clock = new MovableClock(ControlPlane.CLOCK.instant());
        ClusterReconciler reconciler = plane.reconcilerAt(clock);

        reconciler.reconcile(DEMO);
        clock.advance(Duration.ofDays(300));
        reconciler.reconcile(DEMO);

        assertThat(plane.store.secret(DEMO, Credentials.TLS_SERVER))
                .as("checked once, kept while it is good")
                .contains(server);
        assertThat(plane.events(DEMO, "CertificateRenewed")).isEmpty();

        clock.advance(Duration.ofDays(40));
        reconciler.reconcile(DEMO);

        assertThat(plane.store.secret(DEMO, Credentials.TLS_SERVER))
                .hasValueSatisfying(renewed -> assertThat(renewed).isNotEqualTo(server));
        assertThat(plane.events(DEMO, "CertificateRenewed")).hasSize(1);
    }

    /** A clock the test moves on by hand, as a control plane's clock moves while it runs. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("one zone is enough for the test");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private void createReadyCluster(int replicas) {
        plane.apply(yaml(DEMO, replicas, true, Map.of()));
        plane.reconcileUntilReady(DEMO, 3);
        plane.runtime.clearCalls();
        plane.engine.clearCalls();
    }

    private String config(String member) {
        return plane.runtime.file(member, FakeEngine.CONFIG_FILE).orElseThrow();
    }

    private int port(String member) {
        return plane.store.members(DEMO).stream()
                .filter(record -> record.name().equals(member))
                .findFirst()
                .orElseThrow()
                .ports()
                .get(FakeEngine.PORT);
    }

    private String standbySignal(String member) {
        return plane.runtime
                .layout(plane.store.members(DEMO).stream()
                        .filter(record -> record.name().equals(member))
                        .findFirst()
                        .orElseThrow()
                        .identity())
                .data()
                .resolve(FakeEngine.STANDBY_SIGNAL)
                .toString();
    }

    private ClusterEvent lastEvent() {
        List<ClusterEvent> events = plane.events(DEMO);
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }
}
