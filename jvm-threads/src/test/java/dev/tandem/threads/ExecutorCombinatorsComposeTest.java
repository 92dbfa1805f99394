package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code compose}: the inner future of either kind, its outcome, and cancellation at each stage. */
@Timeout(30)
final class ExecutorCombinatorsComposeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeLoop loop = new FakeLoop();
  private final ExecutorService pool =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "named-executor"));

  @AfterEach
  void tearDown() throws InterruptedException {
    loop.close();
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** A function with a name, for the null-returning test. */
  private static final class NamedFunction implements Function<String, AsyncFuture<String>> {
    @Override
    public AsyncFuture<String> apply(String s) {
      return null;
    }

    @Override
    public String toString() {
      return "lookUpTheUser";
    }
  }

  @Test
  void compose_takesTheInnerFuturesValue_onceItCompletes() throws Exception {
    SettableExecutorFuture<String> input = ExecutorFutures.settable();
    SettableExecutorFuture<Integer> inner = ExecutorFutures.settable();
    AtomicReference<String> ranOn = new AtomicReference<>();
    ExecutorFuture<Integer> out =
        ExecutorCombinators.compose(
            input,
            s -> {
              ranOn.set(Thread.currentThread().getName());
              return inner;
            });
    ExecutorCombinatorsStepTest.inThread(() -> input.setResult("x"));
    assertThat(ranOn.get()).isEqualTo("completer");
    assertThat(out.isDone()).isFalse();
    AtomicReference<String> callbackOn = new AtomicReference<>();
    out.addDoneCallback(f -> callbackOn.set(Thread.currentThread().getName()));
    pool.submit(() -> inner.setResult(7)).get(10, TimeUnit.SECONDS);
    assertThat(out.result()).isEqualTo(7);
    assertThat(callbackOn.get()).as("completed by the inner future's thread").isEqualTo("named-executor");
  }

  @Test
  void compose_onADoneInputAndInner_isDoneWhenItReturns() {
    ExecutorFuture<Integer> out =
        ExecutorCombinators.compose(ExecutorFutures.completed(1), v -> ExecutorFutures.completed(v + 1));
    assertThat(out.result()).isEqualTo(2);
  }

  @Test
  void compose_whenTheInnerFails_failsWithTheSameObject() {
    IOException io = new IOException("inner");
    ExecutorFuture<Integer> out =
        ExecutorCombinators.compose(ExecutorFutures.completed(1), v -> ExecutorFutures.<Integer>failed(io));
    assertThat(out.exception()).isSameAs(io);
  }

  @Test
  void compose_whenTheInnerIsCancelled_isCancelledWithTheSameMessage() {
    SettableExecutorFuture<Integer> inner = ExecutorFutures.settable();
    ExecutorFuture<Integer> out = ExecutorCombinators.compose(ExecutorFutures.completed(1), v -> inner);
    inner.cancel("inner gone");
    assertThat(Failures.cancelMessage(out)).isEqualTo("inner gone");
  }

  @Test
  void compose_whenTheInputFails_failsWithTheSameObject_withoutRunningTheFunction() {
    IOException io = new IOException();
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<Integer> out =
        ExecutorCombinators.compose(
            ExecutorFutures.<Integer>failed(io),
            v -> ExecutorFutures.completed(calls.incrementAndGet()));
    assertThat(out.exception()).isSameAs(io);
    assertThat(calls).hasValue(0);
  }

  @Test
  void compose_whenTheFunctionThrows_failsWithThatObject() {
    IllegalStateException thrown = new IllegalStateException("no");
    ExecutorFuture<Integer> out =
        ExecutorCombinators.compose(
            ExecutorFutures.completed(1),
            v -> {
              throw thrown;
            });
    assertThat(out.exception()).isSameAs(thrown);
  }

  @Test
  void compose_whenTheFunctionReturnsNull_failsWithANullPointerExceptionNamingTheFunction() {
    ExecutorFuture<String> out =
        ExecutorCombinators.compose(ExecutorFutures.completed("x"), new NamedFunction());
    assertThat(out.exception())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("lookUpTheUser")
        .hasMessageContaining("returned null");
  }

  // ---- cancellation at each stage

  @Test
  void compose_cancelledBeforeTheFunctionRan_cancelsTheInput_andTheFunctionNeverRuns() {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    AtomicInteger calls = new AtomicInteger();
    ExecutorFuture<Integer> out =
        ExecutorCombinators.compose(input, v -> ExecutorFutures.completed(calls.incrementAndGet()));
    assertThat(out.cancel("before")).isTrue();
    assertThat(Failures.cancelMessage(input)).isEqualTo("before");
    assertThat(calls).hasValue(0);
  }

  @Test
  void compose_cancelledWhileTheInnerIsPending_cancelsTheInnerWithTheMessage_notTheDoneInput() {
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    SettableExecutorFuture<Integer> inner = ExecutorFutures.settable();
    ExecutorFuture<Integer> out = ExecutorCombinators.compose(input, v -> inner);
    input.setResult(1);
    assertThat(out.cancel("while inner pending")).isTrue();
    assertThat(Failures.cancelMessage(inner)).isEqualTo("while inner pending");
    assertThat(input.isCancelled()).isFalse();
    assertThat(input.result()).isEqualTo(1);
  }

  @Test
  void compose_cancelledWhileTheFunctionRuns_cancelsTheInnerItReturns() {
    SettableExecutorFuture<Integer> inner = ExecutorFutures.settable();
    AtomicReference<ExecutorFuture<Integer>> self = new AtomicReference<>();
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    ExecutorFuture<Integer> out =
        ExecutorCombinators.compose(
            input,
            v -> {
              self.get().cancel("during the function");
              return inner;
            });
    self.set(out);
    input.setResult(1);
    assertThat(Failures.cancelMessage(out)).isEqualTo("during the function");
    assertThat(Failures.cancelMessage(inner)).isEqualTo("during the function");
  }

  @Test
  void compose_cancelledAfterItCompleted_cancelsNothing() {
    SettableExecutorFuture<Integer> inner = ExecutorFutures.settable();
    ExecutorFuture<Integer> out = ExecutorCombinators.compose(ExecutorFutures.completed(1), v -> inner);
    inner.setResult(2);
    assertThat(out.cancel("late")).isFalse();
    assertThat(inner.isCancelled()).isFalse();
    assertThat(out.result()).isEqualTo(2);
  }

  @Test
  void compose_ofAnInnerThatOtherCodeCompleted_neverCancelsIt() {
    ExecutorFuture<Integer> done = ExecutorFutures.completed(5);
    SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
    ExecutorFuture<Integer> out = ExecutorCombinators.compose(input, v -> done);
    input.setResult(1);
    assertThat(out.result()).isEqualTo(5);
    assertThat(done.isCancelled()).isFalse();
  }

  // ---- mixed kinds

  @Test
  void compose_toALoopFuture_completesOnTheLoopThreadWithItsValue() throws Exception {
    AtomicReference<LoopFuture<String>> inner = new AtomicReference<>();
    loop.runOnLoop(() -> inner.set(loop.createFuture()));
    ExecutorFuture<String> out = ExecutorCombinators.compose(ExecutorFutures.completed(1), v -> inner.get());
    loop.drain(); // the registration hops onto the loop
    AtomicReference<String> callbackOn = new AtomicReference<>();
    out.addDoneCallback(f -> callbackOn.set(Thread.currentThread().getName()));
    loop.runOnLoop(() -> inner.get().setResult("from the loop"));
    await().atMost(WAIT).until(out::isDone);
    assertThat(out.result()).isEqualTo("from the loop");
    assertThat(callbackOn.get()).isEqualTo("fake-loop");
  }

  @Test
  void compose_toALoopFutureThatFails_failsWithTheSameObject() throws Exception {
    AtomicReference<LoopFuture<String>> inner = new AtomicReference<>();
    loop.runOnLoop(() -> inner.set(loop.createFuture()));
    ExecutorFuture<String> out = ExecutorCombinators.compose(ExecutorFutures.completed(1), v -> inner.get());
    IOException io = new IOException("loop side");
    loop.runOnLoop(() -> inner.get().setException(io));
    await().atMost(WAIT).until(out::isDone);
    assertThat(out.exception()).isSameAs(io);
  }

  @Test
  void compose_cancelled_whileALoopInnerIsPending_cancelsItOnItsLoopWithTheMessage() throws Exception {
    AtomicReference<LoopFuture<String>> inner = new AtomicReference<>();
    loop.runOnLoop(() -> inner.set(loop.createFuture()));
    ExecutorFuture<String> out = ExecutorCombinators.compose(ExecutorFutures.completed(1), v -> inner.get());
    loop.drain();
    assertThat(out.cancel("from a thread")).isTrue();
    await().atMost(WAIT).until(() -> inner.get().isCancelled());
    assertThat(Failures.cancelMessage(inner.get())).isEqualTo("from a thread");
  }

  @Test
  void compose_toAPendingLoopFutureOfAClosedLoop_isCancelledWithAMessageSayingSo() throws Exception {
    AtomicReference<LoopFuture<String>> inner = new AtomicReference<>();
    loop.runOnLoop(() -> inner.set(loop.createFuture()));
    loop.close();
    ExecutorFuture<String> out = ExecutorCombinators.compose(ExecutorFutures.completed(1), v -> inner.get());
    assertThat(out.isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(out)).contains("closed");
  }

  @Test
  void compose_fromALoopFutureBackToAnExecutorTask_chainsBothKinds() throws Exception {
    AtomicReference<LoopFuture<Integer>> onLoop = new AtomicReference<>();
    loop.runOnLoop(() -> onLoop.set(loop.createFuture()));
    ExecutorFuture<Integer> out =
        ExecutorCombinators.compose(
            ExecutorCombinators.compose(ExecutorFutures.completed(1), v -> onLoop.get()),
            v -> ExecutorFutures.completed(v * 10));
    loop.runOnLoop(() -> onLoop.get().setResult(4));
    assertThat(out.result(WAIT)).isEqualTo(40);
  }
}
