package dev.marina.control.health;

import dev.marina.control.engine.Engine;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.ProcessState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The probing of one member. At most one probe is in flight: a member that hangs (frozen, or cut off) holds one probe
 * until the engine client times out, and every interval that passes meanwhile counts as a miss. Probing and counting
 * are apart: a probe may run at any time (the reconciler asks for fresh answers), but only {@link #tick} counts.
 */
final class MemberProbe {

    private MemberContext member;
    private Engine engine;
    private CompletableFuture<Optional<RoleReport>> inFlight;
    private Optional<RoleReport> latest = Optional.empty();
    private Optional<RoleReport> lastAnswer = Optional.empty();
    private ProcessState process = ProcessState.stopped("not observed yet");
    // A member is given the benefit of the doubt for its first interval: a control plane that just started must not
    // count the probes it has not sent yet as misses.
    private boolean answeredSinceTick = true;
    private int missed;
    private MemberHealth reported;

    MemberProbe(MemberContext member, Engine engine) {
        this.member = member;
        this.engine = engine;
    }

    synchronized void update(MemberContext context, Engine newEngine) {
        this.member = context;
        this.engine = newEngine;
    }

    /**
     * One probe interval passed: counts a miss unless the member answered since the last tick (a running member's
     * silence only when {@code countSilence}), and sends the next probe.
     */
    void tick(ProcessState observed, Executor executor, boolean countSilence) {
        synchronized (this) {
            process = observed;
            if (!observed.running()) {
                latest = Optional.empty();
                missed++;
                answeredSinceTick = false;
                return;
            }
            if (!answeredSinceTick) {
                if (countSilence) {
                    missed++;
                }
                latest = Optional.empty();
            }
            answeredSinceTick = false;
        }
        probe(executor);
    }

    /** Waits up to {@code wait} for an answer: the probe in flight, or a new one. Does not count misses. */
    Optional<RoleReport> answer(ProcessState observed, Executor executor, Duration wait) {
        synchronized (this) {
            process = observed;
        }
        Optional<RoleReport> answer = observed.running() ? await(probe(executor), wait) : Optional.empty();
        synchronized (this) {
            // A pass saw this: the next tick needs to wake a pass only for what changes after it.
            reported = new MemberHealth(
                    observed, answer, answer.isPresent() ? answer : lastAnswer, answer.isPresent() ? 0 : missed);
        }
        return answer;
    }

    private static Optional<RoleReport> await(CompletableFuture<Optional<RoleReport>> probe, Duration wait) {
        try {
            return probe.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The health as of the last tick, then remembers {@code now} in its place: an answer arriving between ticks changes
     * the health outside any tick, so a tick compares with what it saw last, not with what it sees as it starts.
     */
    synchronized MemberHealth reported(MemberHealth now) {
        MemberHealth before = reported == null ? now : reported;
        reported = now;
        return before;
    }

    /** Whether the member ever answered this control plane. */
    synchronized boolean answeredEver() {
        return lastAnswer.isPresent();
    }

    synchronized boolean inFlight() {
        return inFlight != null && !inFlight.isDone();
    }

    synchronized MemberHealth health() {
        return new MemberHealth(process, latest, lastAnswer, missed);
    }

    private CompletableFuture<Optional<RoleReport>> probe(Executor executor) {
        synchronized (this) {
            if (inFlight != null && !inFlight.isDone()) {
                return inFlight;
            }
            MemberContext target = member;
            Engine asked = engine;
            CompletableFuture<Optional<RoleReport>> started =
                    CompletableFuture.supplyAsync(() -> asked.probe(target), executor);
            inFlight = started;
            started.whenComplete((answer, failure) -> record(failure == null ? answer : Optional.empty()));
            return started;
        }
    }

    private synchronized void record(Optional<RoleReport> answer) {
        latest = answer;
        if (answer.isPresent()) {
            lastAnswer = answer;
            answeredSinceTick = true;
            missed = 0;
        }
    }
}
