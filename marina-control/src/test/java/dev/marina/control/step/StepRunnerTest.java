package dev.marina.control.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StepRunnerTest {

    private static final String NOW = "2025-01-01T00:00:00Z";

    private final List<List<StepProgress>> reports = new CopyOnWriteArrayList<>();
    private final StepRunner runner =
            new StepRunner(Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC), progress -> reports.add(progress));

    @Test
    void sequentialRunsItsStepsInOrder() {
        List<String> ran = new CopyOnWriteArrayList<>();

        runner.run(Step.sequential(
                "pass-1",
                List.of(
                        Step.action("a", () -> ran.add("a")),
                        Step.action("b", () -> ran.add("b")),
                        Step.action("c", () -> ran.add("c")))));

        assertThat(ran).containsExactly("a", "b", "c");
    }

    @Test
    void sequentialStopsAtTheFirstFailure() {
        List<String> ran = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> runner.run(Step.sequential(
                        "pass-1",
                        List.of(
                                Step.action("a", () -> ran.add("a")),
                                Step.action("b", () -> {
                                    throw new IllegalStateException("b broke");
                                }),
                                Step.action("c", () -> ran.add("c"))))))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("pass-1/b: b broke");
        assertThat(ran).containsExactly("a");
    }

    @Test
    void parallelRunsItsStepsAtTheSameTime() {
        // Each step waits for the other to arrive: run one after the other, the first would give up and fail.
        CountDownLatch bothArrived = new CountDownLatch(2);
        Step.Work meet = () -> {
            bothArrived.countDown();
            if (!bothArrived.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other step never ran at the same time");
            }
        };

        runner.run(Step.parallel("replicas", List.of(Step.action("one", meet), Step.action("two", meet))));

        assertThat(bothArrived.getCount()).isZero();
        assertThat(lastReport())
                .extracting(StepProgress::path, StepProgress::state)
                .containsExactlyInAnyOrder(
                        tuple("replicas/one", StepProgress.SUCCEEDED), tuple("replicas/two", StepProgress.SUCCEEDED));
    }

    @Test
    void parallelFailsOnlyAfterEveryStepFinished() {
        CountDownLatch failed = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();

        StepFailedException failure = catchThrowableOfType(
                StepFailedException.class,
                () -> runner.run(Step.parallel(
                        "replicas",
                        List.of(
                                Step.action("clone a", () -> {
                                    failed.countDown();
                                    throw new IllegalStateException("no space left");
                                }),
                                Step.action("clone b", () -> {
                                    // Finishes only after its sibling failed: the failure must not cut it short.
                                    failed.await();
                                    finished.incrementAndGet();
                                })))));

        assertThat(failure.path()).isEqualTo("replicas/clone a");
        assertThat(finished).hasValue(1);
    }

    @Test
    void failureNamesTheWholeStepPath() {
        IllegalStateException cause = new IllegalStateException("disk full");

        StepFailedException failure = catchThrowableOfType(
                StepFailedException.class,
                () -> runner.run(Step.sequential(
                        "pass-1",
                        List.of(
                                Step.sequential("members", List.of()),
                                Step.parallel("replicas", List.of(Step.action("clone x", () -> {
                                    throw cause;
                                })))))));

        assertThat(failure.path()).isEqualTo("pass-1/replicas/clone x");
        assertThat(failure).hasMessage("pass-1/replicas/clone x: disk full").hasCause(cause);
        assertThat(lastReport()).singleElement().satisfies(progress -> {
            assertThat(progress.path()).isEqualTo("pass-1/replicas/clone x");
            assertThat(progress.state()).isEqualTo(StepProgress.FAILED);
            assertThat(progress.message()).isEqualTo("disk full");
        });
    }

    @Test
    void failureWithoutAMessageIsNamedByItsType() {
        assertThatThrownBy(() -> runner.run(Step.action("x", () -> {
                    throw new UnsupportedOperationException();
                })))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("x: UnsupportedOperationException");
    }

    @Test
    void retrySucceedsOnTheThirdAttemptAndRecordsEveryAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        Step flaky = Step.action("start m", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
        });

        runner.run(Step.sequential("pass-1", List.of(Step.retry(flaky, 5, Duration.ofMillis(1)))));

        assertThat(attempts).hasValue(3);
        assertThat(history("pass-1/start m"))
                .extracting(StepProgress::state, StepProgress::attempt)
                .containsExactly(
                        tuple(StepProgress.RUNNING, 1),
                        tuple(StepProgress.FAILED, 1),
                        tuple(StepProgress.RUNNING, 2),
                        tuple(StepProgress.FAILED, 2),
                        tuple(StepProgress.RUNNING, 3),
                        tuple(StepProgress.SUCCEEDED, 3));
    }

    @Test
    void retryGivesUpAfterItsAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        Step broken = Step.action("start m", () -> {
            throw new IllegalStateException("attempt " + attempts.incrementAndGet() + " failed");
        });

        assertThatThrownBy(() -> runner.run(Step.retry(broken, 3, Duration.ofMillis(1))))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("start m: attempt 3 failed");
        assertThat(attempts).hasValue(3);
        assertThat(lastReport())
                .singleElement()
                .extracting(StepProgress::state, StepProgress::attempt)
                .containsExactly(StepProgress.FAILED, 3);
    }

    @Test
    void timeoutFailsAStepThatBlocksAndInterruptsIt() throws InterruptedException {
        CountDownLatch neverReleased = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Step blocking = Step.action("start m", () -> {
            try {
                neverReleased.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });

        StepFailedException failure = catchThrowableOfType(
                StepFailedException.class,
                () -> runner.run(Step.sequential("pass-1", List.of(Step.timeout(blocking, Duration.ofMillis(200))))));

        assertThat(failure.path()).isEqualTo("pass-1/start m");
        assertThat(failure).hasMessageContaining("did not finish within");
        assertThat(interrupted.await(10, TimeUnit.SECONDS))
                .as("the blocked step's thread is interrupted")
                .isTrue();
        assertThat(neverReleased.getCount()).isEqualTo(1);
    }

    @Test
    void timeoutLetsAQuickStepThrough() {
        AtomicInteger ran = new AtomicInteger();

        runner.run(Step.timeout(Step.action("quick", ran::incrementAndGet), Duration.ofSeconds(30)));

        assertThat(ran).hasValue(1);
        assertThat(lastReport())
                .singleElement()
                .extracting(StepProgress::path, StepProgress::state)
                .containsExactly("quick", StepProgress.SUCCEEDED);
    }

    @Test
    void timeoutPassesOnTheFailureOfItsStep() {
        assertThatThrownBy(() -> runner.run(Step.sequential(
                        "pass-1",
                        List.of(Step.timeout(
                                Step.action("clone m", () -> {
                                    throw new IllegalStateException("source gone");
                                }),
                                Duration.ofSeconds(30))))))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("pass-1/clone m: source gone");
    }

    @Test
    void progressSinkSeesRunningThenSucceeded() {
        runner.run(Step.action("a", () -> {}));

        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).singleElement().satisfies(progress -> {
            assertThat(progress.path()).isEqualTo("a");
            assertThat(progress.state()).isEqualTo(StepProgress.RUNNING);
            assertThat(progress.attempt()).isEqualTo(1);
            assertThat(progress.startedAt()).isEqualTo(NOW);
            assertThat(progress.finishedAt()).isNull();
        });
        assertThat(reports.get(1)).singleElement().satisfies(progress -> {
            assertThat(progress.state()).isEqualTo(StepProgress.SUCCEEDED);
            assertThat(progress.finishedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void progressSinkSeesRunningThenFailedAndKeepsEarlierSteps() {
        assertThatThrownBy(() -> runner.run(Step.sequential(
                        "pass-1", List.of(Step.action("a", () -> {}), Step.action("b", () -> {
                            throw new IllegalStateException("b broke");
                        })))))
                .isInstanceOf(StepFailedException.class);

        assertThat(reports)
                .extracting(report -> report.get(report.size() - 1))
                .extracting(StepProgress::path, StepProgress::state)
                .containsExactly(
                        tuple("pass-1/a", StepProgress.RUNNING),
                        tuple("pass-1/a", StepProgress.SUCCEEDED),
                        tuple("pass-1/b", StepProgress.RUNNING),
                        tuple("pass-1/b", StepProgress.FAILED));
        assertThat(lastReport())
                .extracting(StepProgress::path, StepProgress::state, StepProgress::message)
                .containsExactly(
                        tuple("pass-1/a", StepProgress.SUCCEEDED, ""),
                        tuple("pass-1/b", StepProgress.FAILED, "b broke"));
    }

    @Test
    void timeoutBelowASecondIsNamedInItsMessage() {
        // A limit below a second must not read "did not finish within 0 s".
        CountDownLatch neverReleased = new CountDownLatch(1);

        assertThatThrownBy(() ->
                        runner.run(Step.timeout(Step.action("start m", neverReleased::await), Duration.ofMillis(200))))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("did not finish within")
                .message()
                .doesNotContain("within 0 s");
    }

    @Test
    void errorInsideATimeoutFailsTheStepWithItsOwnMessage() {
        // An Error (an assertion, a NoClassDefFoundError from an engine plug-in) must end the step at once with its
        // own message, not wait out the whole limit (30 minutes for a clone) and report a timeout.
        assertThatThrownBy(() -> runner.run(Step.timeout(
                        Step.action("clone m", () -> {
                            throw new ExceptionInInitializerError("engine plug-in could not load its driver");
                        }),
                        Duration.ofSeconds(2))))
                .hasMessageContaining("engine plug-in could not load its driver");
    }

    @Test
    void errorInAnActionIsRecordedAsFailed() {
        // An Error must not leave the step "running" in the stored progress forever.
        Throwable thrown = catchThrowable(() -> runner.run(Step.action("clone m", () -> {
            throw new ExceptionInInitializerError("engine plug-in could not load its driver");
        })));

        assertThat(thrown).isNotNull();
        assertThat(lastReport()).singleElement().extracting(StepProgress::state).isEqualTo(StepProgress.FAILED);
    }

    @Test
    void retryAroundATimeoutRecordsEveryAttempt() {
        // The attempt number reaches actions below other steps too (here a Timeout, the natural way to retry a start
        // that hangs).
        AtomicInteger attempts = new AtomicInteger();
        Step flaky = Step.timeout(
                Step.action("start m", () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet");
                    }
                }),
                Duration.ofSeconds(30));

        runner.run(Step.retry(flaky, 5, Duration.ofMillis(1)));

        assertThat(attempts).hasValue(3);
        assertThat(history("start m")).extracting(StepProgress::attempt).containsExactly(1, 1, 2, 2, 3, 3);
    }

    private List<StepProgress> lastReport() {
        assertThat(reports).isNotEmpty();
        return reports.get(reports.size() - 1);
    }

    /** Every state one step went through, in the order the sink saw them. */
    private List<StepProgress> history(String path) {
        List<StepProgress> history = new CopyOnWriteArrayList<>();
        for (List<StepProgress> report : reports) {
            report.stream()
                    .filter(progress -> progress.path().equals(path))
                    .findFirst()
                    .filter(progress -> history.isEmpty()
                            || !history.get(history.size() - 1).equals(progress))
                    .ifPresent(history::add);
        }
        return history;
    }
}
