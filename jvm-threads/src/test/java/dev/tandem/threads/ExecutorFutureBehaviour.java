package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.CancelledException;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.RunningLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.LogRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The executor-future rules beyond the shared contract kit (Python's test_future.py): blocking
 * waits, timeouts, interruption, the deadlock guard, callback threads, logging, toString and
 * deep chains. Subclassed once per implementation.
 */
@Timeout(10)
abstract class ExecutorFutureBehaviour {

  /** A pending future and the means its producer has to complete it, from any thread. */
  interface Source<T extends @Nullable Object> {
    ExecutorFuture<T> future();

    void complete(T value);

    void fail(Throwable failure);
  }

  abstract <T extends @Nullable Object> Source<T> newSource();

  private static void awaitBlocked(Thread thread) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                thread.getState() == Thread.State.WAITING
                    || thread.getState() == Thread.State.TIMED_WAITING);
  }

  private static Thread startCompleter(Thread waiter, Runnable complete, String name) {
    Thread completer =
        new Thread(
            () -> {
              awaitBlocked(waiter);
              complete.run();
            },
            name);
    completer.start();
    return completer;
  }

  // ---- waiting ----

  @Test
  void result_withTimeout_returnsTheValueSetByAnotherThreadWhileWaiting() throws Exception {
    Source<String> s = newSource();
    startCompleter(Thread.currentThread(), () -> s.complete("late"), "completer");
    assertThat(s.future().result(Duration.ofSeconds(5))).isEqualTo("late");
  }

  @Test
  void result_returnsOnceDone_whileADoneCallbackStillRunsInTheCompletingThread() throws Exception {
    Source<String> s = newSource();
    java.util.concurrent.CountDownLatch inCallback = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean callbackFinished = new java.util.concurrent.atomic.AtomicBoolean();
    s.future()
        .addDoneCallback(
            f -> {
              inCallback.countDown();
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              callbackFinished.set(true);
            });
    Thread completer = new Thread(() -> s.complete("done"), "completer");
    completer.start();
    try {
      assertThat(inCallback.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(s.future().result(Duration.ofSeconds(5))).isEqualTo("done");
      assertThat(callbackFinished).isFalse();
    } finally {
      release.countDown();
      completer.join(5_000);
    }
    assertThat(callbackFinished).isTrue();
  }

  @Test
  void get_withoutTimeout_returnsTheValueSetByAnotherThreadWhileWaiting() throws Exception {
    Source<String> s = newSource();
    startCompleter(Thread.currentThread(), () -> s.complete("late"), "completer");
    assertThat(s.future().get()).isEqualTo("late");
  }

  @Test
  void exception_withTimeout_returnsTheSameFailureObject() throws Exception {
    Source<String> s = newSource();
    IOException failure = new IOException("disk");
    startCompleter(Thread.currentThread(), () -> s.fail(failure), "completer");
    assertThat(s.future().exception(Duration.ofSeconds(5))).isSameAs(failure);
  }

  @Test
  void exception_withTimeout_whenCancelledWhileWaiting_throwsCancelledWithTheMessage() {
    Source<String> s = newSource();
    startCompleter(Thread.currentThread(), () -> s.future().cancel("stop"), "canceller");
    assertThatThrownBy(() -> s.future().exception(Duration.ofSeconds(5)))
        .isInstanceOf(CancelledException.class)
        .hasMessage("stop");
  }

  @Test
  void result_withTimeout_whenNotDoneInTime_throwsTimeoutAndCancelsNothing() {
    Source<String> s = newSource();
    assertThatThrownBy(() -> s.future().result(Duration.ofMillis(20)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("20 ms");
    assertThat(s.future().isDone()).isFalse();
    s.complete("later");
    assertThat(s.future().result()).isEqualTo("later");
  }

  @Test
  void exceptionAndGet_withTimeout_whenNotDoneInTime_throwTimeout() {
    Source<String> s = newSource();
    assertThatThrownBy(() -> s.future().exception(Duration.ZERO))
        .isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> s.future().get(10, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(s.future().isCancelled()).isFalse();
  }

  @Test
  void waits_withBadTimeouts_failAtTheCallSite() {
    ExecutorFuture<String> f = this.<String>newSource().future();
    assertThatThrownBy(() -> f.result(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> f.exception(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.get(-1, TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> f.result(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> f.get(1, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void result_whenInterruptedWhileWaiting_throwsInterruptedAndLeavesTheFuturePending()
      throws Exception {
    Source<String> s = newSource();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                s.future().result(Duration.ofSeconds(30));
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
    waiter.start();
    awaitBlocked(waiter);
    waiter.interrupt();
    waiter.join(5000);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(s.future().isDone()).isFalse();
  }

  @Test
  void get_whenTheThreadIsAlreadyInterrupted_throwsInterruptedForAPendingFuture() {
    Source<String> s = newSource();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> s.future().get()).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void get_whenFailed_throwsExecutionExceptionCausedByTheOriginal() {
    Source<String> s = newSource();
    IOException failure = new IOException("disk");
    s.fail(failure);
    assertThatThrownBy(() -> s.future().get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(failure);
    assertThatThrownBy(() -> s.future().get(1, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(failure);
    CompletionException wrapped =
        (CompletionException) catchThrowable(() -> s.future().result(Duration.ZERO));
    assertThat(wrapped.getCause()).isSameAs(failure);
  }

  @Test
  void get_whenCancelledWithMessage_throwsCancelledExceptionCarryingIt() {
    Source<String> s = newSource();
    assertThat(s.future().cancel("no longer needed")).isTrue();
    assertThatThrownBy(() -> s.future().get())
        .isInstanceOf(CancelledException.class)
        .hasMessage("no longer needed");
    assertThat(s.future().cancel(true)).isTrue();
  }

  @Test
  void cancel_fromManyThreadsAtOnce_cancelsOnceAndEveryCallReturnsTrue() throws Exception {
    Source<String> s = newSource();
    List<String> callbackRuns = new CopyOnWriteArrayList<>();
    s.future().addDoneCallback(f -> callbackRuns.add("ran"));
    List<Boolean> answers = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
    for (int i = 0; i < 4; i++) {
      String message = "m" + i;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
                answers.add(s.future().cancel(message));
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(5000);
    }
    assertThat(answers).containsExactly(true, true, true, true);
    assertThat(callbackRuns).containsExactly("ran");
    assertThat(catchThrowable(s.future()::result).getMessage()).startsWith("m");
  }

  // ---- the deadlock guard ----

  @Test
  void blockingWaits_onARunningLoopThread_failFastNamingTheThreadAndTheAlternatives() {
    ExecutorFuture<String> f = this.<String>newSource().future();
    try (RunningLoop.Scope scope = OnLoopThread.enter()) {
      assertThatThrownBy(() -> f.result(Duration.ofSeconds(30)))
          .isInstanceOf(BlockingOnLoopException.class)
          .hasMessageContaining(Thread.currentThread().getName())
          .hasMessageContaining("await()")
          .hasMessageContaining("gather")
          .hasMessageContaining("addDoneCallback");
      assertThatThrownBy(() -> f.exception(Duration.ofSeconds(30)))
          .isInstanceOf(BlockingOnLoopException.class);
      assertThatThrownBy(f::get).isInstanceOf(BlockingOnLoopException.class);
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
          .isInstanceOf(BlockingOnLoopException.class);
    }
    assertThat(f.isDone()).isFalse();
  }

  @Test
  void blockingWaits_onARunningLoopThread_returnAtOnceForADoneFuture() throws Exception {
    Source<String> s = newSource();
    s.complete("ready");
    try (RunningLoop.Scope scope = OnLoopThread.enter()) {
      assertThat(s.future().result(Duration.ofSeconds(30))).isEqualTo("ready");
      assertThat(s.future().get()).isEqualTo("ready");
    }
  }

  // ---- callbacks ----

  @Test
  void callbacks_runInTheCompletingThread() throws Exception {
    Source<String> s = newSource();
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    s.future().addDoneCallback(f -> ranOn.complete(Thread.currentThread().getName()));
    Thread completer = new Thread(() -> s.complete("v"), "the-completer");
    completer.start();
    assertThat(ranOn.get(5, TimeUnit.SECONDS)).isEqualTo("the-completer");
  }

  @Test
  void callback_addedWhenDone_runsBeforeAddDoneCallbackReturnsInTheRegisteringThread() {
    Source<String> s = newSource();
    s.complete("v");
    List<String> ranOn = new ArrayList<>();
    s.future().addDoneCallback(f -> ranOn.add(Thread.currentThread().getName()));
    assertThat(ranOn).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void callback_seesWhatTheCompletingThreadWroteBeforeCompleting() throws Exception {
    Source<int[]> s = newSource();
    int[] data = new int[1];
    CompletableFuture<Integer> seen = new CompletableFuture<>();
    s.future().addDoneCallback(f -> seen.complete(f.result()[0]));
    Thread completer =
        new Thread(
            () -> {
              data[0] = 42;
              s.complete(data);
            });
    completer.start();
    assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(s.future().result(Duration.ofSeconds(5))[0]).isEqualTo(42);
  }

  @Test
  void aThrowingCallback_isLoggedWithTheFuturesDescription() {
    Source<String> s = newSource();
    IllegalStateException boom = new IllegalStateException("callback failure (expected)");
    try (LogCapture log = new LogCapture()) {
      s.future()
          .addDoneCallback(
              f -> {
                throw boom;
              });
      s.complete("v");
      assertThat(log.records).hasSize(1);
      LogRecord record = log.records.get(0);
      assertThat(record.getThrown()).isSameAs(boom);
      assertThat(record.getMessage())
          .contains("ExecutorFuture@")
          .contains("status=SUCCESS");
    }
  }

  @Test
  void callbacks_removedAfterRegistration_leaveNoNodesBehind() {
    Source<String> s = newSource();
    ExecutorFutureBase<String> future = (ExecutorFutureBase<String>) s.future();
    java.util.function.Consumer<AsyncFuture<String>> kept = f -> {};
    future.addDoneCallback(kept);
    for (int i = 0; i < 1000; i++) {
      java.util.function.Consumer<AsyncFuture<String>> waiter = f -> {};
      future.addDoneCallback(waiter);
      assertThat(future.removeDoneCallback(waiter)).isEqualTo(1);
    }
    assertThat(future.linkedCallbackCount()).isEqualTo(1);
  }

  @Test
  void aLongChainOfFuturesCompletingEachOtherInCallbacks_doesNotOverflowTheStack() {
    int length = 20_000;
    List<Source<Integer>> chain = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      chain.add(newSource());
    }
    for (int i = 0; i < length - 1; i++) {
      Source<Integer> next = chain.get(i + 1);
      chain.get(i).future().addDoneCallback(f -> next.complete(f.result() + 1));
    }
    chain.get(0).complete(0);
    assertThat(chain.get(length - 1).future().result()).isEqualTo(length - 1);
  }

  // ---- description ----

  @Test
  void toString_describesEachStateLikeGuava() {
    Source<String> pending = newSource();
    assertThat(pending.future().toString()).matches("ExecutorFuture@[0-9a-f]+\\[status=PENDING]");
    pending.complete("secret text");
    assertThat(pending.future().toString())
        .endsWith("[status=SUCCESS, result=[java.lang.String]]")
        .doesNotContain("secret");

    Source<String> failed = newSource();
    failed.fail(new IOException("disk"));
    assertThat(failed.future().toString())
        .endsWith("[status=FAILURE, cause=[java.io.IOException: disk]]");

    Source<String> cancelled = newSource();
    cancelled.future().cancel("user");
    assertThat(cancelled.future().toString()).endsWith("[status=CANCELLED, message=[user]]");
  }

  private static Throwable catchThrowable(ThrowingCall call) {
    try {
      call.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected an exception");
  }

  interface ThrowingCall {
    void run() throws Exception;
  }
}
