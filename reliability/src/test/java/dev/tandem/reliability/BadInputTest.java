package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.InvalidStateException;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import dev.tandem.api.WrongThreadException;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.ManualClock;
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
import org.junit.jupiter.api.AfterAll;
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
  static final FutureExecutor POOL = FutureExecutor.newFixedPool(1);
  static final BackgroundLoop BACKGROUND = EventLoops.startBackgroundLoop("bad-input-background");

  @AfterAll
  static void release() {
    POOL.close();
    BACKGROUND.close();
  }

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
            new Row("FutureWaits.wait(null list)", () -> FutureWaits.wait(null, ReturnWhen.ALL_COMPLETED), NullPointerException.class, "futures"),
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
            new Row("EventLoopBuilder.exceptionHandler(null)", () -> EventLoops.builder().exceptionHandler(null), NullPointerException.class, "handler"),
            new Row("LoopFutures.gather(null)", () -> LoopFutures.gather(LOOP, (List<LoopFuture<Integer>>) null), NullPointerException.class, "futures"),
            new Row("FutureExecutor.submit(null)", () -> newPool().submit(null), NullPointerException.class, "task"),
            new Row("FutureExecutor.newFixedPool(0)", () -> FutureExecutor.newFixedPool(0), IllegalArgumentException.class, "at least one thread"),
            new Row("FutureExecutor.newFixedPool(1, null)", () -> FutureExecutor.newFixedPool(1, null), NullPointerException.class, "namePrefix"),
            new Row("FutureExecutor.wrapping(null)", () -> FutureExecutor.wrapping(null), NullPointerException.class, "service"),
            new Row("FutureExecutor.map(null, inputs)", () -> POOL.map(null, List.of(1)), NullPointerException.class, "function"),
            new Row("FutureExecutor.map(fn, null)", () -> POOL.map(x -> x, null), NullPointerException.class, "inputs"),
            new Row("FutureExecutor.map(negative)", () -> POOL.map(x -> x, List.of(1), Duration.ofMillis(-1)), IllegalArgumentException.class, "negative"),
            new Row("from((ListenableFuture) null)", () -> ExecutorFutures.from((com.google.common.util.concurrent.ListenableFuture<Object>) null), NullPointerException.class, "source"),
            new Row("FutureWaits.asCompleted(null)", () -> FutureWaits.asCompleted(null), NullPointerException.class, "futures"),
            new Row("FutureWaits.wait(list with null)", () -> FutureWaits.wait(java.util.Arrays.asList(EF, null), ReturnWhen.ALL_COMPLETED), NullPointerException.class, "null"),
            new Row("callAt(t, null)", () -> LOOP.callAt(0L, null), NullPointerException.class, "callback"),
            new Row("callLater(d, null)", () -> LOOP.callLater(Duration.ZERO, null), NullPointerException.class, "callback"),
            new Row("runInExecutor(executor, null)", () -> LOOP.runInExecutor(Runnable::run, null), NullPointerException.class, "task"),
            new Row("execute(null)", () -> LOOP.execute(null), NullPointerException.class, "callback"),
            new Row("closed loop execute", () -> CLOSED.execute(() -> {}), RejectedExecutionException.class, "closed"),
            new Row("closed loop callAt", () -> CLOSED.callAt(0L, () -> {}), RejectedExecutionException.class, "closed"),
            new Row("closed loop runUntilComplete", () -> CLOSED.runUntilComplete(ExecutorFutures.completed(1)), RejectedExecutionException.class, "closed"),
            new Row("closed loop runInExecutor", () -> CLOSED.runInExecutor(Runnable::run, () -> 1), RejectedExecutionException.class, "closed"),
            new Row("EventLoopBuilder.clock(null)", () -> EventLoops.builder().clock(null), NullPointerException.class, "clock"),
            new Row("EventLoopBuilder.slowCallbackThreshold(null)", () -> EventLoops.builder().slowCallbackThreshold(null), NullPointerException.class, "threshold"),
            new Row("EventLoopBuilder.slowCallbackThreshold(negative)", () -> EventLoops.builder().slowCallbackThreshold(Duration.ofMillis(-1)), IllegalArgumentException.class, "negative"),
            new Row("EventLoops.startBackgroundLoop(null)", () -> EventLoops.startBackgroundLoop(null), NullPointerException.class, "threadName"),
            new Row("ManualClock.advance(null)", () -> ManualClock.create().advance(null), NullPointerException.class, "amount"),
            new Row("ManualClock.advance(negative)", () -> ManualClock.create().advance(Duration.ofNanos(-1)), IllegalArgumentException.class, "cannot go back"),
            new Row("ManualClock.advanceNanos(negative)", () -> ManualClock.create().advanceNanos(-1), IllegalArgumentException.class, "cannot go back"),
            new Row("BackgroundLoop.shutdown(negative)", () -> BACKGROUND.shutdown(Duration.ofMillis(-1)), IllegalArgumentException.class, "negative"),
            new Row("BackgroundLoop.shutdown(null)", () -> BACKGROUND.shutdown(null), NullPointerException.class, "timeout"),
            new Row("LoopFutures.gather(list with null)", () -> LoopFutures.gather(LOOP, java.util.Arrays.asList(LF, null)), NullPointerException.class, "null"),
            new Row("LoopFutures.wait(empty)", () -> LoopFutures.wait(LOOP, List.of(), ReturnWhen.ALL_COMPLETED, null), IllegalArgumentException.class, "at least one"),
            new Row("LoopFutures.wait(null returnWhen)", () -> LoopFutures.wait(LOOP, List.of(LF), null, null), NullPointerException.class, "returnWhen"),
            new Row("LoopFutures.wait(negative)", () -> LoopFutures.wait(LOOP, List.of(LF), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(-1)), IllegalArgumentException.class, "negative"),
            new Row("LoopFutures.asCompleted(negative)", () -> LoopFutures.asCompleted(LOOP, List.of(LF), Duration.ofMillis(-1)), IllegalArgumentException.class, "negative"),
            new Row("LoopFutures.shield(null)", () -> LoopFutures.shield(LOOP, null), NullPointerException.class, "future"),
            new Row("LoopFutures.waitFor(null)", () -> LoopFutures.waitFor(LOOP, null, Duration.ZERO), NullPointerException.class, "future"),
            new Row("LoopFutures.waitFor(negative)", () -> LoopFutures.waitFor(LOOP, LF, Duration.ofMillis(-1)), IllegalArgumentException.class, "negative"),
            new Row("LoopFutures.adopt(null, f)", () -> LoopFutures.adopt(null, EF), NullPointerException.class, "loop"),
            new Row("LoopFutures.adopt(loop, null)", () -> LoopFutures.adopt(LOOP, null), NullPointerException.class, "source"),
            new Row("LoopFutures.adopt(closed loop)", () -> LoopFutures.adopt(CLOSED, EF), RejectedExecutionException.class, "closed"),
            new Row("LoopFutures.cancelOnClose(null)", () -> LoopFutures.cancelOnClose(null), NullPointerException.class, "future"))
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
    assertThat(BACKGROUND.loop().isRunning()).isTrue();
    assertThat(POOL.submit(() -> "pool usable").result(Duration.ofSeconds(5))).isEqualTo("pool usable");
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
