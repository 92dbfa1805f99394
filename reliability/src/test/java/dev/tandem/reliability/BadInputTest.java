package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.InvalidStateException;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import dev.tandem.api.WrongThreadException;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopFutures;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import dev.tandem.threads.FutureWaits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, table-driven: each row calls one public method wrongly and expects an exception of
 * the documented type whose message names the parameter or the problem; afterwards the object is
 * used once more to show it is still consistent.
 */
final class BadInputTest {

  /** One bad call: what it is, the call, the expected type and message fragment. */
  record Row(String name, ThrowingCall call, Class<? extends Throwable> type, String mentions) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface ThrowingCall {
    void call() throws Exception;
  }

  static final CompletableFuture<Integer> CF = new CompletableFuture<>();
  static final ExecutorFuture<Integer> EF = ExecutorFutures.from(CF);
  static final EventLoop LOOP = EventLoops.newEventLoop();
  static final LoopFuture<Integer> LF = LOOP.createFuture();
  static final EventLoop CLOSED = closedLoop();

  static EventLoop closedLoop() {
    EventLoop l = EventLoops.newEventLoop();
    l.close();
    return l;
  }

  static Stream<Arguments> rows() {
    return Stream.of(
            new Row("addDoneCallback(null)", () -> EF.addDoneCallback(null), NullPointerException.class, "callback"),
            new Row("removeDoneCallback(null)", () -> EF.removeDoneCallback(null), NullPointerException.class, "callback"),
            new Row("result(null)", () -> EF.result(null), NullPointerException.class, "timeout"),
            new Row("result(negative)", () -> EF.result(Duration.ofNanos(-1)), IllegalArgumentException.class, "negative"),
            new Row("exception(negative)", () -> EF.exception(Duration.ofSeconds(-5)), IllegalArgumentException.class, "negative"),
            new Row("get(negative)", () -> EF.get(-1, TimeUnit.SECONDS), IllegalArgumentException.class, "negative"),
            new Row("get(1, null)", () -> EF.get(1, null), NullPointerException.class, "unit"),
            new Row("result() pending", EF::result, InvalidStateException.class, "not done"),
            new Row("exception() pending", EF::exception, InvalidStateException.class, "not done"),
            new Row("from((CompletableFuture) null)", () -> ExecutorFutures.from((CompletableFuture<Object>) null), NullPointerException.class, "source"),
            new Row("asCompletableFuture(null)", () -> ExecutorFutures.asCompletableFuture(null), NullPointerException.class, "future"),
            new Row("asListenableFuture(null)", () -> ExecutorFutures.asListenableFuture(null), NullPointerException.class, "future"),
            new Row("failed(null)", () -> ExecutorFutures.failed(null), NullPointerException.class, "failure"),
            new Row("failed(CancellationException)", () -> ExecutorFutures.failed(new java.util.concurrent.CancellationException()), IllegalArgumentException.class, "cancel"),
            new Row("FutureWaits.wait(null list)", () -> FutureWaits.wait(null, ReturnWhen.ALL_COMPLETED), NullPointerException.class, ""),
            new Row("FutureWaits.wait(null returnWhen)", () -> FutureWaits.wait(List.of(EF), null), NullPointerException.class, "returnWhen"),
            new Row("FutureWaits.wait(negative)", () -> FutureWaits.wait(List.of(EF), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(-1)), IllegalArgumentException.class, "negative"),
            new Row("FutureWaits.asCompleted(negative)", () -> FutureWaits.asCompleted(List.of(EF), Duration.ofMillis(-1)), IllegalArgumentException.class, "negative"),
            new Row("callSoon(null)", () -> LOOP.callSoon(null), NullPointerException.class, "callback"),
            new Row("callSoonThreadsafe(null)", () -> LOOP.callSoonThreadsafe(null), NullPointerException.class, "callback"),
            new Row("callLater(null, r)", () -> LOOP.callLater(null, () -> {}), NullPointerException.class, "delay"),
            new Row("callLater(negative, r)", () -> LOOP.callLater(Duration.ofMillis(-1), () -> {}), IllegalArgumentException.class, "negative"),
            new Row("runInExecutor(null, task)", () -> LOOP.runInExecutor(null, () -> 1), NullPointerException.class, "executor"),
            new Row("runUntilComplete(null)", () -> LOOP.runUntilComplete(null), NullPointerException.class, "future"),
            new Row("loop future result() pending", LF::result, InvalidStateException.class, "pending"),
            new Row("loop future setException(null)", () -> LF.setException(null), NullPointerException.class, "failure"),
            new Row("loop future setException(CancellationException)", () -> LF.setException(new java.util.concurrent.CancellationException()), IllegalArgumentException.class, "cancel"),
            new Row("closed loop callSoon", () -> CLOSED.callSoon(() -> {}), RejectedExecutionException.class, "closed"),
            new Row("closed loop callSoonThreadsafe", () -> CLOSED.callSoonThreadsafe(() -> {}), RejectedExecutionException.class, "closed"),
            new Row("closed loop callLater", () -> CLOSED.callLater(Duration.ZERO, () -> {}), RejectedExecutionException.class, "closed"),
            new Row("closed loop runForever", CLOSED::runForever, RejectedExecutionException.class, "closed"),
            new Row("EventLoopBuilder.exceptionHandler(null)", () -> EventLoops.builder().exceptionHandler(null), NullPointerException.class, ""),
            new Row("LoopFutures.gather(null)", () -> LoopFutures.gather(LOOP, (List<LoopFuture<Integer>>) null), NullPointerException.class, ""),
            new Row("FutureExecutor.submit(null)", () -> newPool().submit(null), NullPointerException.class, "task"),
            new Row("FutureExecutor.newFixedPool(0)", () -> FutureExecutor.newFixedPool(0), IllegalArgumentException.class, ""))
        .map(Arguments::of);
  }

  static FutureExecutor newPool() {
    FutureExecutor pool = FutureExecutor.newFixedPool(1);
    pool.shutdown(false, false);
    return pool;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  @Timeout(10)
  void badCall_throwsClearExceptionAndLeavesObjectsUsable(Row row) throws Exception {
    assertThatThrownBy(row.call()::call)
        .isInstanceOf(row.type())
        .satisfies(e -> assertThat(String.valueOf(e.getMessage()).toLowerCase()).contains(row.mentions().toLowerCase()));
    // still consistent and usable
    assertThat(EF.isDone()).isFalse();
    assertThat(LF.isDone()).isFalse();
    LoopFuture<String> probe = LOOP.createFuture();
    LOOP.callSoon(() -> probe.setResult("usable"));
    assertThat(LOOP.runUntilComplete(probe)).isEqualTo("usable");
  }

  @Test
  @Timeout(10)
  void hugeTimeout_doesNotOverflowIntoAnImmediateTimeout() throws Exception {
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    ExecutorFuture<Integer> f = ExecutorFutures.from(cf);
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<Object> got = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              waiting.countDown();
              try {
                got.set(f.result(Duration.ofSeconds(Long.MAX_VALUE)));
              } catch (Exception e) {
                got.set(e);
              }
            });
    waiter.start();
    waiting.await();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> waiter.getState() == Thread.State.TIMED_WAITING || waiter.getState() == Thread.State.WAITING);
    assertThat(got.get()).as("no immediate timeout").isNull();
    cf.complete(9);
    waiter.join();
    assertThat(got.get()).isEqualTo(9);
    assertThat(FutureWaits.wait(List.of(f), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(Long.MAX_VALUE)).done()).containsExactly(f);
    assertThat(f.exception(Duration.ofSeconds(Long.MAX_VALUE))).isNull();
    assertThat(f.get(Long.MAX_VALUE, TimeUnit.DAYS)).isEqualTo(9);
  }

  @Test
  @Timeout(10)
  void zeroTimeout_onPending_timesOutAtOnceAndCancelsNothing() {
    assertThatThrownBy(() -> EF.result(Duration.ZERO)).isInstanceOf(TimeoutException.class).hasMessageContaining("not done");
    assertThat(EF.isCancelled()).isFalse();
  }

  @Test
  @Timeout(10)
  void loopFuture_completedTwice_throwsInvalidStateAndKeepsFirstValue() {
    EventLoop loop = EventLoops.newEventLoop();
    LoopFuture<Integer> f = loop.createFuture();
    f.setResult(1);
    assertThatThrownBy(() -> f.setResult(2)).isInstanceOf(InvalidStateException.class);
    assertThatThrownBy(() -> f.setException(new RuntimeException())).isInstanceOf(InvalidStateException.class);
    assertThat(f.cancel()).isFalse();
    assertThat(f.result()).isEqualTo(1);
    loop.close();
  }

  @Test
  @Timeout(10)
  void loopFuture_fromWrongThreadWhileRunning_throwsNamingBothThreadsAndChangesNothing()
      throws Exception {
    EventLoop loop = EventLoops.newEventLoop();
    LoopFuture<Integer> f = loop.createFuture();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread other = new Thread(() -> {
      try {
        f.setResult(5);
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "foreign-thread");
    loop.callSoon(() -> {
      other.start();
      try {
        other.join();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      f.setResult(6);
    });
    assertThat(loop.runUntilComplete(f)).isEqualTo(6);
    assertThat(thrown.get())
        .isInstanceOf(WrongThreadException.class)
        .hasMessageContaining("foreign-thread")
        .hasMessageContaining(Thread.currentThread().getName());
    loop.close();
  }

  @Test
  @Timeout(10)
  void cancelledHandle_cancelAgainFalseAndNeverRuns() {
    EventLoop loop = EventLoops.newEventLoop();
    AtomicReference<String> ran = new AtomicReference<>();
    var h = loop.callSoon(() -> ran.set("ran"));
    assertThat(h.cancel()).isTrue();
    assertThat(h.cancel()).isFalse();
    assertThat(h.isCancelled()).isTrue();
    LoopFuture<Integer> f = loop.createFuture();
    loop.callSoon(() -> f.setResult(1));
    assertThat(loop.runUntilComplete(f)).isEqualTo(1);
    assertThat(ran.get()).isNull();
    loop.close();
  }
}
