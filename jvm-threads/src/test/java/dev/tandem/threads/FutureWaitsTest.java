package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.UncheckedWaitException;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import dev.tandem.api.RunningLoop;
import dev.tandem.api.DoneAndNotDone;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Group waits and as-completed iteration (Python's test_wait.py and test_as_completed.py). */
@Timeout(10)
final class FutureWaitsTest {
  private final FakeLoop loop = new FakeLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private static TaskFuture<String> pending() {
    return new TaskFuture<>(() -> "done", null);
  }

  private static TaskFuture<String> succeeded() {
    TaskFuture<String> f = pending();
    f.run();
    return f;
  }

  private static TaskFuture<String> failed() {
    TaskFuture<String> f =
        new TaskFuture<>(
            () -> {
              throw new IllegalStateException("failed on purpose");
            },
            null);
    f.run();
    return f;
  }

  private static TaskFuture<String> cancelled() {
    TaskFuture<String> f = pending();
    f.cancel("cancelled on purpose");
    return f;
  }

  /** Runs {@code action} in another thread once {@code waiter} blocks. */
  private static void whenBlocked(Thread waiter, Runnable action) {
    new Thread(
            () -> {
              await()
                  .until(
                      () ->
                          waiter.getState() == Thread.State.WAITING
                              || waiter.getState() == Thread.State.TIMED_WAITING);
              action.run();
            })
        .start();
  }

  // ---- wait ----

  @Test
  void firstCompleted_returnsOnceOneIsDone() throws Exception {
    TaskFuture<String> a = pending();
    TaskFuture<String> b = pending();
    whenBlocked(Thread.currentThread(), b::run);
    DoneAndNotDone<TaskFuture<String>> r =
        FutureWaits.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(5));
    assertThat(r.done()).containsExactly(b);
    assertThat(r.notDone()).containsExactly(a);
    assertThat(a.isCancelled()).isFalse();
  }

  @Test
  void firstCompleted_withOneAlreadyDone_returnsAtOnce() throws Exception {
    TaskFuture<String> done = succeeded();
    TaskFuture<String> waiting = pending();
    DoneAndNotDone<TaskFuture<String>> r =
        FutureWaits.wait(List.of(waiting, done), ReturnWhen.FIRST_COMPLETED);
    assertThat(r.done()).containsExactly(done);
    assertThat(r.notDone()).containsExactly(waiting);
  }

  @Test
  void firstException_returnsOnceOneFails() throws Exception {
    TaskFuture<String> ok = succeeded();
    TaskFuture<String> waiting = pending();
    TaskFuture<String> bad =
        new TaskFuture<>(
            () -> {
              throw new IllegalStateException("x");
            },
            null);
    whenBlocked(Thread.currentThread(), bad::run);
    DoneAndNotDone<TaskFuture<String>> r =
        FutureWaits.wait(List.of(ok, waiting, bad), ReturnWhen.FIRST_EXCEPTION, Duration.ofSeconds(5));
    assertThat(r.done()).containsExactly(ok, bad);
    assertThat(r.notDone()).containsExactly(waiting);
  }

  @Test
  void firstException_withoutFailures_waitsForAllAndCancellationIsNoException() throws Exception {
    TaskFuture<String> cancelled = cancelled();
    TaskFuture<String> ok = succeeded();
    TaskFuture<String> late = pending();
    whenBlocked(Thread.currentThread(), late::run);
    DoneAndNotDone<TaskFuture<String>> r =
        FutureWaits.wait(List.of(cancelled, ok, late), ReturnWhen.FIRST_EXCEPTION, Duration.ofSeconds(5));
    assertThat(r.done()).containsExactly(cancelled, ok, late);
    assertThat(r.notDone()).isEmpty();
  }

  @Test
  void firstException_withAFailureAlreadyThere_returnsAtOnce() throws Exception {
    TaskFuture<String> bad = failed();
    TaskFuture<String> waiting = pending();
    DoneAndNotDone<TaskFuture<String>> r =
        FutureWaits.wait(List.of(bad, waiting), ReturnWhen.FIRST_EXCEPTION);
    assertThat(r.done()).containsExactly(bad);
  }

  @Test
  void allCompleted_waitsForEveryFuture() throws Exception {
    TaskFuture<String> a = pending();
    TaskFuture<String> b = pending();
    whenBlocked(
        Thread.currentThread(),
        () -> {
          a.run();
          b.cancel();
        });
    DoneAndNotDone<TaskFuture<String>> r =
        FutureWaits.wait(List.of(failed(), a, b), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(5));
    assertThat(r.done()).hasSize(3);
    assertThat(r.notDone()).isEmpty();
  }

  @Test
  void timeout_returnsPartialSetsCancelsNothingAndRemovesTheWaiters() throws Exception {
    TaskFuture<String> done = succeeded();
    TaskFuture<String> waiting = pending();
    CompletableFuture<String> cf = new CompletableFuture<>();
    ExecutorFuture<String> adapted = ExecutorFutures.from(cf);
    List<AsyncFuture<String>> all = List.of(done, waiting, adapted);
    DoneAndNotDone<AsyncFuture<String>> r =
        FutureWaits.wait(all, ReturnWhen.ALL_COMPLETED, Duration.ofMillis(30));
    assertThat(r.done()).containsExactly(done);
    assertThat(r.notDone()).containsExactly(waiting, adapted);
    assertThat(waiting.isCancelled()).isFalse();
    assertThat(cf.isCancelled()).isFalse();
    assertThat(waiting.linkedCallbackCount()).isZero();
    assertThat(((ExecutorFutureBase<String>) adapted).linkedCallbackCount()).isZero();
  }

  @Test
  void zeroTimeout_onlyLooks() throws Exception {
    TaskFuture<String> waiting = pending();
    DoneAndNotDone<TaskFuture<String>> r =
        FutureWaits.wait(List.of(waiting), ReturnWhen.ALL_COMPLETED, Duration.ZERO);
    assertThat(r.notDone()).containsExactly(waiting);
  }

  @Test
  void duplicates_countOnce() throws Exception {
    TaskFuture<String> a = succeeded();
    TaskFuture<String> b = pending();
    DoneAndNotDone<TaskFuture<String>> r =
        FutureWaits.wait(List.of(a, b, a, b), ReturnWhen.FIRST_COMPLETED);
    assertThat(r.done()).containsExactly(a);
    assertThat(r.notDone()).containsExactly(b);
  }

  @Test
  void empty_returnsTwoEmptySets() throws Exception {
    DoneAndNotDone<TaskFuture<String>> r = FutureWaits.wait(List.of(), ReturnWhen.ALL_COMPLETED);
    assertThat(r.done()).isEmpty();
    assertThat(r.notDone()).isEmpty();
  }

  @Test
  void badArguments_failAtTheCallSite() {
    assertThatThrownBy(() -> FutureWaits.wait(List.of(pending()), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> FutureWaits.wait(Arrays.asList(pending(), null), ReturnWhen.ALL_COMPLETED))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> FutureWaits.wait(List.of(pending()), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> FutureWaits.asCompleted(List.of(pending()), Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wait_onALoopThread_failsFastUnlessItCanAnswerAtOnce() throws Exception {
    TaskFuture<String> waiting = pending();
    TaskFuture<String> done = succeeded();
    try (RunningLoop.Scope scope = OnLoopThread.enter()) {
      assertThatThrownBy(() -> FutureWaits.wait(List.of(waiting), ReturnWhen.ALL_COMPLETED))
          .isInstanceOf(BlockingOnLoopException.class)
          .hasMessageContaining(Thread.currentThread().getName());
      assertThat(FutureWaits.wait(List.of(done, waiting), ReturnWhen.FIRST_COMPLETED).done())
          .containsExactly(done);
      Iterator<TaskFuture<String>> it = FutureWaits.asCompleted(List.of(done, waiting));
      assertThat(it.next()).isSameAs(done);
      assertThatThrownBy(it::next).isInstanceOf(BlockingOnLoopException.class);
    }
  }

  @Test
  void wait_whenInterrupted_throwsAndRemovesItsWaiter() throws Exception {
    TaskFuture<String> waiting = pending();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                FutureWaits.wait(List.of(waiting), ReturnWhen.ALL_COMPLETED);
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
    waiter.start();
    await().until(() -> waiter.getState() == Thread.State.WAITING);
    waiter.interrupt();
    waiter.join(5000);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(waiting.linkedCallbackCount()).isZero();
  }

  @Test
  void wait_overManyFutures_isLinear() throws Exception {
    int n = 100_000;
    List<TaskFuture<String>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      futures.add(pending());
    }
    whenBlocked(
        Thread.currentThread(),
        () -> {
          for (int i = n - 1; i >= 0; i--) {
            futures.get(i).run();
          }
        });
    DoneAndNotDone<TaskFuture<String>> r =
        FutureWaits.wait(futures, ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(8));
    assertThat(r.done()).hasSize(n);
  }

  // ---- loop futures mixed in ----

  @Test
  void wait_mixesExecutorAndLoopFuturesRegisteringThroughTheLoop() throws Exception {
    LoopFuture<String> onLoop = loop.createFuture();
    TaskFuture<String> onThreads = pending();
    assertThatThrownBy(() -> onLoop.addDoneCallback(f -> {}))
        .as("the fake loop future is confined like a real one")
        .hasMessageContaining("fake-loop");
    whenBlocked(
        Thread.currentThread(),
        () -> {
          try {
            loop.runOnLoop(() -> onLoop.setResult("from the loop"));
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });
    DoneAndNotDone<AsyncFuture<String>> r =
        FutureWaits.wait(List.of(onThreads, onLoop), ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(5));
    assertThat(r.done()).containsExactly(onLoop);
    assertThat(r.notDone()).containsExactly(onThreads);
  }

  @Test
  void wait_removesItsWaiterFromLoopFuturesThroughTheLoop() throws Exception {
    FakeLoop.FakeLoopFuture<String> onLoop = (FakeLoop.FakeLoopFuture<String>) loop.<String>createFuture();
    FutureWaits.wait(List.of(onLoop), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(20));
    loop.drain();
    assertThat(onLoop.callbackCount()).isZero();
  }

  @Test
  void wait_onAPendingFutureOfAClosedLoop_treatsItAsNotDone() throws Exception {
    LoopFuture<String> stuck = loop.createFuture();
    loop.close();
    TaskFuture<String> done = succeeded();
    DoneAndNotDone<AsyncFuture<String>> r =
        FutureWaits.wait(List.of(stuck, done), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(20));
    assertThat(r.done()).containsExactly(done);
    assertThat(r.notDone()).containsExactly(stuck);
  }

  @Test
  void wait_untimed_returnsWhenTheLoopOfTheLastPendingFutureClosesWhileItWaits() throws Exception {
    LoopFuture<String> stuck = loop.createFuture();
    TaskFuture<String> done = succeeded();
    whenBlocked(Thread.currentThread(), loop::close);
    DoneAndNotDone<AsyncFuture<String>> r =
        FutureWaits.wait(List.of(stuck, done), ReturnWhen.ALL_COMPLETED);
    assertThat(r.done()).containsExactly(done);
    assertThat(r.notDone()).containsExactly(stuck);
  }

  @Test
  void wait_untimed_keepsWaitingForTheOthersWhenOneLoopFutureIsStranded() throws Exception {
    LoopFuture<String> stuck = loop.createFuture();
    TaskFuture<String> later = pending();
    loop.close();
    whenBlocked(Thread.currentThread(), later::run);
    DoneAndNotDone<AsyncFuture<String>> r =
        FutureWaits.wait(List.of(stuck, later), ReturnWhen.ALL_COMPLETED);
    assertThat(r.done()).containsExactly(later);
    assertThat(r.notDone()).containsExactly(stuck);
  }

  @Test
  void asCompleted_dropsAStrandedLoopFutureAndSaysSoWhenItWasTheLast() throws Exception {
    LoopFuture<String> stuck = loop.createFuture();
    TaskFuture<String> later = pending();
    Iterator<AsyncFuture<String>> it = FutureWaits.asCompleted(List.of(stuck, later));
    whenBlocked(Thread.currentThread(), later::run);
    assertThat(it.next()).isSameAs(later);
    whenBlocked(Thread.currentThread(), loop::close);
    assertThatThrownBy(it::next)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("event loop closed while it was pending");
    assertThat(it.hasNext()).isFalse();
  }

  // ---- as completed ----

  @Test
  void asCompleted_yieldsDoneOnesFirstThenInCompletionOrderEachOnce() throws Exception {
    TaskFuture<String> done1 = succeeded();
    TaskFuture<String> done2 = failed();
    TaskFuture<String> later1 = pending();
    TaskFuture<String> later2 = pending();
    Iterator<TaskFuture<String>> it =
        FutureWaits.asCompleted(List.of(later1, done1, later2, done2, done1), Duration.ofSeconds(5));
    assertThat(it.next()).isSameAs(done1);
    assertThat(it.next()).isSameAs(done2);
    later2.run();
    later1.run();
    assertThat(it.next()).isSameAs(later2);
    assertThat(it.next()).isSameAs(later1);
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void asCompleted_waitsForCompletionsFromOtherThreadsAndLoops() throws Exception {
    LoopFuture<String> onLoop = loop.createFuture();
    TaskFuture<String> onThreads = pending();
    Iterator<AsyncFuture<String>> it = FutureWaits.asCompleted(List.of(onThreads, onLoop));
    loop.runOnLoop(() -> onLoop.setResult("loop"));
    assertThat(it.next()).isSameAs(onLoop);
    whenBlocked(Thread.currentThread(), onThreads::run);
    assertThat(it.next()).isSameAs(onThreads);
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void asCompleted_timeout_saysHowManyOfHowManyAreUnfinishedAndEndsTheIteration() {
    TaskFuture<String> done = succeeded();
    TaskFuture<String> waiting1 = pending();
    TaskFuture<String> waiting2 = pending();
    Iterator<TaskFuture<String>> it =
        FutureWaits.asCompleted(List.of(done, waiting1, waiting2), Duration.ofMillis(30));
    assertThat(it.next()).isSameAs(done);
    assertThatThrownBy(it::next)
        .isInstanceOf(UncheckedWaitException.class)
        .hasMessageStartingWith("2 (of 3) futures unfinished")
        .matches(e -> ((UncheckedWaitException) e).isTimeout(), "is a timeout")
        .cause()
        .isInstanceOf(TimeoutException.class)
        .hasMessageStartingWith("2 (of 3) futures unfinished");
    assertThat(it.hasNext()).isFalse();
    assertThat(waiting1.isCancelled()).isFalse();
    assertThat(waiting1.linkedCallbackCount()).isZero();
    assertThat(waiting2.linkedCallbackCount()).isZero();
  }

  @Test
  void asCompleted_ofNothing_hasNoElements() {
    assertThat(FutureWaits.asCompleted(List.<TaskFuture<String>>of()).hasNext()).isFalse();
  }

  @Test
  void asCompleted_whenInterrupted_throwsWithTheFlagSetAndCanResume() {
    TaskFuture<String> waiting = pending();
    Iterator<TaskFuture<String>> it = FutureWaits.asCompleted(List.of(waiting));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(it::next)
          .isInstanceOf(UncheckedWaitException.class)
          .matches(e -> !((UncheckedWaitException) e).isTimeout(), "is not a timeout")
          .cause()
          .isInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    waiting.run();
    assertThat(it.next()).isSameAs(waiting);
  }

  @Test
  void asCompleted_keepsNoReferenceToWhatItYielded() {
    List<TaskFuture<String>> futures = new ArrayList<>(List.of(succeeded(), pending()));
    Iterator<TaskFuture<String>> it = FutureWaits.asCompleted(futures);
    WeakReference<TaskFuture<String>> yielded = new WeakReference<>(it.next());
    futures.remove(0);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              System.gc();
              return yielded.get() == null;
            });
    assertThat(it.hasNext()).isTrue();
  }
}
