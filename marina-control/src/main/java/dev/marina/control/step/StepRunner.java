package dev.marina.control.step;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a step tree and reports the progress of every action after each change, so that the store always holds where
 * a run is. Parallel branches and timeouts run on virtual threads.
 */
public final class StepRunner {

    private final Clock clock;
    private final Consumer<List<StepProgress>> progressSink;
    private final Map<String, StepProgress> progress = new LinkedHashMap<>();

    public StepRunner(Clock clock, Consumer<List<StepProgress>> progressSink) {
        this.clock = requireNonNull(clock, "clock is null");
        this.progressSink = requireNonNull(progressSink, "progressSink is null");
    }

    /** Runs {@code step}; throws {@link StepFailedException} naming the first step that failed. */
    public void run(Step step) {
        run(step, "", 1);
    }

    /** {@code attempt} is the attempt of the innermost enclosing retry, recorded on every action below it. */
    private void run(Step step, String parent, int attempt) {
        String path = parent.isEmpty() ? step.name() : parent + "/" + step.name();
        switch (step) {
            case Step.Action action -> runAction(action, path, attempt);
            case Step.Sequential sequential -> {
                for (Step child : sequential.steps()) {
                    run(child, path, attempt);
                }
            }
            case Step.Parallel parallel -> runParallel(parallel, path, attempt);
            case Step.Retry retry -> runRetry(retry, parent);
            case Step.Timeout timeout -> runTimeout(timeout, parent, attempt);
        }
    }

    private void runAction(Step.Action action, String path, int attempt) {
        String started = clock.instant().toString();
        record(new StepProgress(path, StepProgress.RUNNING, attempt, "", started, null));
        try {
            action.work().run();
            record(new StepProgress(
                    path,
                    StepProgress.SUCCEEDED,
                    attempt,
                    "",
                    started,
                    clock.instant().toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(path, attempt, started, "interrupted", e);
        } catch (StepFailedException e) {
            record(new StepProgress(
                    path,
                    StepProgress.FAILED,
                    attempt,
                    e.getMessage(),
                    started,
                    clock.instant().toString()));
            throw e;
        } catch (Exception e) {
            fail(path, attempt, started, describe(e), e);
        } catch (Error e) {
            // Recorded before it travels on, so the store never shows the step running forever.
            record(new StepProgress(
                    path,
                    StepProgress.FAILED,
                    attempt,
                    describe(e),
                    started,
                    clock.instant().toString()));
            throw e;
        }
    }

    private void fail(String path, int attempt, String started, String message, Exception cause) {
        record(new StepProgress(
                path,
                StepProgress.FAILED,
                attempt,
                message,
                started,
                clock.instant().toString()));
        throw new StepFailedException(path, message, cause);
    }

    private void runParallel(Step.Parallel parallel, String path, int attempt) {
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Step child : parallel.steps()) {
                futures.add(executor.submit(() -> run(child, path, attempt)));
            }
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StepFailedException failure) {
                    throw failure;
                }
                throw new StepFailedException(path, describe(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailedException(path, "interrupted", e);
            }
        }
    }

    private void runRetry(Step.Retry retry, String parent) {
        Duration backoff = retry.backoff();
        for (int attempt = 1; ; attempt++) {
            try {
                run(retry.step(), parent, attempt);
                return;
            } catch (StepFailedException e) {
                if (attempt >= retry.attempts()) {
                    throw e;
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private void runTimeout(Step.Timeout timeout, String parent, int attempt) {
        String path = parent.isEmpty() ? timeout.name() : parent + "/" + timeout.name();
        CompletableFuture<Void> future = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("step-" + path).start(() -> {
            try {
                run(timeout.step(), parent, attempt);
                future.complete(null);
            } catch (Throwable e) {
                // Anything, an Error included: otherwise the step would wait out its whole limit.
                future.completeExceptionally(e);
            }
        });
        try {
            future.get(timeout.limit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            String message = "did not finish within " + Durations.describe(timeout.limit());
            record(new StepProgress(
                    path,
                    StepProgress.FAILED,
                    attempt,
                    message,
                    null,
                    clock.instant().toString()));
            throw new StepFailedException(path, message, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new StepFailedException(path, describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new StepFailedException(path, "interrupted", e);
        }
    }

    /** Waits out a backoff without holding a platform thread. */
    private static void pause(Duration duration) {
        CompletableFuture.runAsync(
                        () -> {}, CompletableFuture.delayedExecutor(duration.toMillis(), TimeUnit.MILLISECONDS))
                .join();
    }

    private synchronized void record(StepProgress step) {
        progress.put(step.path(), step);
        progressSink.accept(List.copyOf(progress.values()));
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "failed";
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
