package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.CancelledException;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code map}, {@code recover} and {@code andFinally}: threads, outcomes, cancellation. */
@Timeout(30)
final class ExecutorCombinatorsStepTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ExecutorService pool =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "named-executor"));

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Completes {@code action} in a new thread called "completer" and waits for it. */
  static void inThread(Runnable action) throws InterruptedException {
    Thread t = new Thread(action, "completer");
    t.start();
    t.join(10_000);
    assertThat(t.isAlive()).as("completer finished").isFalse();
  }

  /** An executor that keeps what it is given until the test runs it. */
  static final class HeldExecutor implements Executor {
    final Queue<Runnable> held = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
      held.add(command);
    }

    void runAll() {
      Runnable r;
      while ((r = held.poll()) != null) {
        r.run();
      }
    }
  }

  // ---- map: threads

  @Test
  void map_runsTheFunctionInTheThreadThatCompletesTheInput() throws Exception {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    AtomicReference<String> ranOn = new AtomicReference<>();
    ExecutorFuture<Integer> out =
        ExecutorCombinators.map(
            input,
            v -> {
              ranOn.set(Thread.currentThread().getName());
              return v + 1;
            });
    assertThat(ranOn.get()).isNull();
    inThread(() -> input.setResult(1));
    assertThat(ranOn.get()).isEqualTo("completer");
    assertThat(out.isDone()).isTrue();
    assertThat(out.result()).isEqualTo(2);
  }

  @Test
  void map_onADoneInput_runsAtOnceInTheCallingThread() {
    Thread caller = Thread.currentThread();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    ExecutorFuture<String> out =
        ExecutorCombinators.map(
            ExecutorFutures.completed("a"),
            v -> {
              ranOn.set(Thread.currentThread());
              return v + "b";
            });
    assertThat(ranOn.get()).isSameAs(caller);
    assertThat(out.result()).isEqualTo("ab");
  }

  @Test
  void map_whenInputFailsWithAnExecutor_failsInTheCompletingThreadWithoutSubmitting() {
    HeldExecutor held = new HeldExecutor();
    IOException io = new IOException("disk");
    ExecutorFuture<Integer> out =
        ExecutorCombinators.map(ExecutorFutures.<Integer>failed(io), v -> v + 1, held);
    assertThat(held.held).isEmpty();
    assertThat(out.exception()).isSameAs(io);
  }

  @Test
  void map_outputCallbacks_runInTheThreadThatCompletedTheInput() throws Exception {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    ExecutorFuture<Integer> out = ExecutorCombinators.map(input, v -> v + 1);
    AtomicReference<String> callbackOn = new AtomicReference<>();
    out.addDoneCallback(f -> callbackOn.set(Thread.currentThread().getName()));
    inThread(() -> input.setResult(1));
    assertThat(callbackOn.get()).isEqualTo("completer");
  }

  @Test
  void map_seesWhatTheCompletingThreadWroteBeforeCompleting() throws Exception {
    int[] plain = new int[1];
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    ExecutorFuture<Integer> out = ExecutorCombinators.map(input, v -> plain[0], pool);
    new Thread(
            () -> {
              plain[0] = 42;
              input.setResult("go");
            },
            "writer")
        .start();
    assertThat(out.result(WAIT)).isEqualTo(42);
  }

  // ---- map: outcomes

  @Test
  void map_whenInputFails_failsWithTheSameObject_andDoesNotRunTheFunction() {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<Integer> out = ExecutorCombinators.map(input, v -> calls.incrementAndGet());
    IllegalStateException boom = new IllegalStateException("boom");
    input.setException(new CompletionException(boom));
    assertThat(out.exception()).isSameAs(boom);
    assertThatThrownBy(out::result).isSameAs(boom);
    assertThat(calls).hasValue(0);
  }

  @Test
  void map_whenTheFunctionThrows_failsWithThatObject() {
    UncheckedIOException thrown = new UncheckedIOException(new IOException("parse"));
    ExecutorFuture<Integer> out =
        ExecutorCombinators.map(
            ExecutorFutures.completed("x"),
            v -> {
              throw thrown;
            });
    assertThat(out.exception()).isSameAs(thrown);
  }

  @Test
  void map_whenTheFunctionThrowsAnError_failsWithIt_andTheCompletingCallReturns() {
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    AssertionError error = new AssertionError("an error (expected)");
    ExecutorFuture<Integer> out =
        ExecutorCombinators.map(
            input,
            v -> {
              throw error;
            });
    assertThat(input.setResult("x")).isTrue();
    assertThat(out.exception()).isSameAs(error);
  }

  @Test
  void map_allowsANullValue() {
    ExecutorFuture<String> out = ExecutorCombinators.map(ExecutorFutures.completed("x"), v -> null);
    assertThat(out.isDone()).isTrue();
    assertThat(out.result()).isNull();
  }

  // ---- map: cancellation

  @Test
  void map_whenInputIsCancelled_cancelsTheOutputWithTheSameMessage_withoutRunningTheFunction() {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<Integer> out = ExecutorCombinators.map(input, v -> calls.incrementAndGet());
    input.cancel("input gone");
    assertThat(out.isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(out)).isEqualTo("input gone");
    assertThatThrownBy(out::result)
        .isInstanceOf(CancelledException.class)
        .hasMessage("input gone");
    assertThat(calls).hasValue(0);
  }

  @Test
  void map_cancellingTheOutput_cancelsThePendingInputWithTheMessage() {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<Integer> out = ExecutorCombinators.map(input, v -> calls.incrementAndGet());
    assertThat(out.cancel("caller gave up")).isTrue();
    assertThat(input.isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(input)).isEqualTo("caller gave up");
    assertThat(Failures.cancelMessage(out)).isEqualTo("caller gave up");
    assertThat(out.cancel("again")).as("true whenever it is cancelled afterwards").isTrue();
    assertThat(calls).hasValue(0);
  }

  @Test
  void map_cancellingTheOutput_whileTheFunctionWaitsForItsExecutor_leavesTheDoneInputAlone() {
    HeldExecutor held = new HeldExecutor();
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<String> input = ExecutorFutures.completed("done");
    ExecutorFuture<Integer> out =
        ExecutorCombinators.map(input, v -> calls.incrementAndGet(), held);
    assertThat(out.cancel("not needed")).isTrue();
    held.runAll();
    assertThat(calls).as("a cancelled step does not run").hasValue(0);
    assertThat(input.isCancelled()).isFalse();
    assertThat(input.result()).isEqualTo("done");
  }

  @Test
  void map_cancellingTheOutput_ofARunningInput_cancelsTheOutputOnly() {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    assertThat(input.setRunningOrNotifyCancel()).isTrue();
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<Integer> out = ExecutorCombinators.map(input, v -> calls.incrementAndGet());
    assertThat(out.cancel("stop")).isTrue();
    assertThat(input.isRunning()).as("a running input cannot be cancelled").isTrue();
    input.setResult(1);
    assertThat(out.isCancelled()).isTrue();
    assertThat(calls).hasValue(0);
  }

  @Test
  void map_cancel_ofADoneOutput_returnsFalse_andChangesNothing() {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    ExecutorFuture<Integer> out = ExecutorCombinators.map(input, v -> v + 1);
    input.setResult(1);
    assertThat(out.cancel("late")).isFalse();
    assertThat(out.result()).isEqualTo(2);
    assertThat(out.isRunning()).isFalse();
  }

  @Test
  void map_aCancelThatWinsWhileTheFunctionRuns_dropsItsResult() {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    AtomicReference<ExecutorFuture<Integer>> self = new AtomicReference<>();
    ExecutorFuture<Integer> out =
        ExecutorCombinators.map(
            input,
            v -> {
              assertThat(self.get().isRunning()).isFalse();
              assertThat(self.get().cancel("during")).isTrue();
              return v + 1;
            });
    self.set(out);
    input.setResult(1);
    assertThat(Failures.cancelMessage(out)).isEqualTo("during");
    assertThat(input.result()).isEqualTo(1);
  }

  // ---- recover

  @Test
  void recover_ofAFailureOfTheType_runsTheFunctionOnTheSameObject() throws Exception {
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    IOException io = new IOException("disk");
    AtomicReference<Throwable> seen = new AtomicReference<>();
    AtomicReference<String> ranOn = new AtomicReference<>();
    ExecutorFuture<String> out =
        ExecutorCombinators.recover(
            input,
            IOException.class,
            e -> {
              seen.set(e);
              ranOn.set(Thread.currentThread().getName());
              return "fallback";
            });
    inThread(() -> input.setException(io));
    assertThat(out.result()).isEqualTo("fallback");
    assertThat(seen.get()).isSameAs(io);
    assertThat(ranOn.get()).isEqualTo("completer");
  }

  @Test
  void recover_ofAnotherFailure_passesTheSameObjectThrough() {
    IllegalStateException other = new IllegalStateException("other");
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<String> out =
        ExecutorCombinators.recover(
            ExecutorFutures.<String>failed(other),
            IOException.class,
            e -> "x" + calls.incrementAndGet());
    assertThat(out.exception()).isSameAs(other);
    assertThat(calls).hasValue(0);
  }

  @Test
  void recover_neverRecoversACancellation_theOutputIsCancelledWithTheMessage() {
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<String> out = ExecutorCombinators.recover(input, e -> "x" + calls.incrementAndGet());
    input.cancel("cancelled, not failed");
    assertThat(Failures.cancelMessage(out)).isEqualTo("cancelled, not failed");
    assertThat(calls).hasValue(0);
  }

  @Test
  void recover_ofAValue_passesItThrough() {
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<String> out =
        ExecutorCombinators.recover(ExecutorFutures.completed("v"), e -> "x" + calls.incrementAndGet());
    assertThat(out.result()).isEqualTo("v");
    assertThat(calls).hasValue(0);
  }

  @Test
  void recover_whenTheFunctionThrows_failsWithThatObject() {
    IllegalArgumentException rethrown = new IllegalArgumentException("no fallback");
    ExecutorFuture<String> out =
        ExecutorCombinators.recover(
            ExecutorFutures.<String>failed(new IOException()),
            e -> {
              throw rethrown;
            });
    assertThat(out.exception()).isSameAs(rethrown);
  }

  @Test
  void recover_cancellingTheOutput_cancelsTheInputWithTheMessage() {
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    ExecutorFuture<String> out = ExecutorCombinators.recover(input, e -> "x");
    assertThat(out.cancel("up")).isTrue();
    assertThat(Failures.cancelMessage(input)).isEqualTo("up");
  }

  // ---- andFinally

  @Test
  void andFinally_runsTheActionThenTakesTheValue() throws Exception {
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    List<String> events = new CopyOnWriteArrayList<>();
    ExecutorFuture<String> out =
        ExecutorCombinators.andFinally(
            input, () -> events.add("action on " + Thread.currentThread().getName()));
    out.addDoneCallback(f -> events.add("output done"));
    inThread(() -> input.setResult("v"));
    assertThat(events).containsExactly("action on completer", "output done");
    assertThat(out.result()).isEqualTo("v");
  }

  @Test
  void andFinally_ofAFailure_runsTheActionAndKeepsTheSameFailure() {
    IOException io = new IOException("disk");
    AtomicInteger ran = new AtomicInteger();
    ExecutorFuture<String> out =
        ExecutorCombinators.andFinally(ExecutorFutures.failed(io), ran::incrementAndGet);
    assertThat(ran).hasValue(1);
    assertThat(out.exception()).isSameAs(io);
  }

  @Test
  void andFinally_ofACancelledInput_runsTheActionAndIsCancelledWithTheMessage() {
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    AtomicInteger ran = new AtomicInteger();
    ExecutorFuture<String> out = ExecutorCombinators.andFinally(input, ran::incrementAndGet);
    input.cancel("gone");
    assertThat(ran).hasValue(1);
    assertThat(Failures.cancelMessage(out)).isEqualTo("gone");
  }

  @Test
  void andFinally_whenTheActionThrows_failsWithThatObject_replacingTheInputsOutcome() {
    IllegalStateException thrown = new IllegalStateException("cleanup failed");
    ExecutorFuture<String> out =
        ExecutorCombinators.andFinally(
            ExecutorFutures.failed(new IOException("original")),
            () -> {
              throw thrown;
            });
    assertThat(out.exception()).isSameAs(thrown);
  }

  @Test
  void andFinally_whenTheOutputIsCancelledFirst_cancelsTheInput_andTheActionStillRuns() {
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    AtomicInteger ran = new AtomicInteger();
    ExecutorFuture<String> out = ExecutorCombinators.andFinally(input, ran::incrementAndGet);
    assertThat(out.cancel("stop")).isTrue();
    assertThat(Failures.cancelMessage(input)).isEqualTo("stop");
    assertThat(ran).as("the action runs once the input is done").hasValue(1);
    assertThat(Failures.cancelMessage(out)).isEqualTo("stop");
  }

  @Test
  void andFinally_ofARunningInputWhoseOutputWasCancelled_runsTheActionWhenItFinishes() {
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    input.setRunningOrNotifyCancel();
    AtomicInteger ran = new AtomicInteger();
    ExecutorFuture<String> out =
        ExecutorCombinators.andFinally(
            input,
            () -> {
              ran.incrementAndGet();
              throw new IllegalStateException("logged, not thrown (expected by the test)");
            });
    assertThat(out.cancel("stop")).isTrue();
    assertThat(ran).hasValue(0);
    input.setResult("finished");
    assertThat(ran).hasValue(1);
    assertThat(out.isCancelled()).isTrue();
  }

  @Test
  void steps_areExecutorFutures_whoseBlockingReadWaits() throws Exception {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    ExecutorFuture<Integer> out = ExecutorCombinators.map(input, v -> v * 3);
    pool.execute(() -> input.setResult(14));
    assertThat(out.get(10, TimeUnit.SECONDS)).isEqualTo(42);
    await().atMost(WAIT).until(out::isDone);
  }
}
