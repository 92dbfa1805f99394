package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
final class LoopFuturesTest {
  private final RecordingHandler handler = new RecordingHandler();
  private final ManualClock clock = ManualClock.create();
  private final EventLoop loop =
      EventLoops.builder().clock(clock).exceptionHandler(handler).build();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    if (!loop.isRunning()) {
      loop.close();
    }
  }

  private <T extends @Nullable Object> LoopFuture<T> future() {
    return loop.createFuture();
  }

  // ---- gather ----

  @Test
  void gather_keepsInputOrder_whateverTheCompletionOrder() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    LoopFuture<String> c = future();
    LoopFuture<List<String>> all = LoopFutures.gather(loop, List.of(a, b, c));
    c.setResult("c");
    a.setResult("a");
    TestLoops.runUntilIdle(loop);
    assertThat(all.isDone()).isFalse();
    b.setResult(null);
    assertThat(loop.runUntilComplete(all)).containsExactly("a", null, "c");
  }

  @Test
  void gather_ofAFutureGivenTwice_hasItTwice() {
    LoopFuture<String> a = future();
    LoopFuture<List<String>> all = LoopFutures.gather(loop, List.of(a, a));
    a.setResult("x");
    assertThat(loop.runUntilComplete(all)).containsExactly("x", "x");
  }

  @Test
  void gather_ofNothing_isAlreadyDoneWithAnEmptyList() {
    LoopFuture<List<String>> all = LoopFutures.gather(loop, List.<LoopFuture<String>>of());
    assertThat(all.isDone()).isTrue();
    assertThat(all.result()).isEmpty();
    assertThat(LoopFutures.gather(loop, List.of(), true).result()).isEmpty();
  }

  @Test
  void gather_firstFailure_failsItWithTheSameObject_andCancelsNothing() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    LoopFuture<List<String>> all = LoopFutures.gather(loop, List.of(a, b));
    IOException io = new IOException("a failed");
    a.setException(io);
    TestLoops.runUntilIdle(loop);
    assertThat(all.exception()).isSameAs(io);
    assertThat(b.isDone()).isFalse();
    b.setException(new IOException("second failure is retrieved by gather"));
    TestLoops.runUntilIdle(loop);
    assertThat(handler.reports()).isEmpty();
  }

  @Test
  void gather_cancelledInput_failsTheGatherWithCancelledException_notCancelsIt() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    LoopFuture<List<String>> all = LoopFutures.gather(loop, List.of(a, b));
    a.cancel("a is gone");
    TestLoops.runUntilIdle(loop);
    assertThat(all.isCancelled()).isFalse();
    assertThat(all.exception()).isInstanceOf(CancelledException.class).hasMessage("a is gone");
    assertThatThrownBy(all::result).isInstanceOf(CancelledException.class);
  }

  @Test
  void gather_withReturnExceptions_putsFailuresInTheList() {
    LoopFuture<String> ok = future();
    LoopFuture<String> failed = future();
    LoopFuture<String> cancelled = future();
    LoopFuture<List<@Nullable Object>> all =
        LoopFutures.gather(loop, List.of(ok, failed, cancelled), true);
    IOException io = new IOException("x");
    failed.setException(io);
    cancelled.cancel("stop");
    ok.setResult("fine");
    List<@Nullable Object> result = loop.runUntilComplete(all);
    assertThat(result).hasSize(3);
    assertThat(result.get(0)).isEqualTo("fine");
    assertThat(result.get(1)).isSameAs(io);
    assertThat(result.get(2)).isInstanceOf(CancelledException.class);
    assertThat(((Throwable) result.get(2))).hasMessage("stop");
  }

  @Test
  void cancellingTheGather_cancelsThePendingInputs_withTheSameMessage() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    SourceFuture<String> foreign = new SourceFuture<>();
    a.setResult("done already");
    LoopFuture<List<String>> all = LoopFutures.gather(loop, List.of(a, b, foreign));
    assertThat(all.cancel("no longer needed")).isTrue();
    assertThat(all.isCancelled()).isTrue();
    assertThat(b.isCancelled()).isTrue();
    assertThatThrownBy(b::result).hasMessage("no longer needed");
    assertThat(foreign.isCancelled()).isTrue();
    assertThatThrownBy(foreign::result).hasMessage("no longer needed");
    assertThat(a.result()).isEqualTo("done already");
  }

  @Test
  void gather_ofForeignFuturesCompletedOnOtherThreads_adoptsThem() {
    List<SourceFuture<Integer>> sources = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sources.add(new SourceFuture<>());
    }
    LoopFuture<Integer> local = future();
    List<AsyncFuture<Integer>> inputs = new ArrayList<>(sources);
    inputs.add(local);
    LoopFuture<List<Integer>> all = LoopFutures.gather(loop, inputs);
    for (int i = 0; i < sources.size(); i++) {
      int n = i;
      pool.execute(() -> sources.get(n).complete(n));
    }
    local.setResult(-1);
    List<Integer> result = loop.runUntilComplete(all);
    assertThat(result).hasSize(51);
    for (int i = 0; i < 50; i++) {
      assertThat(result.get(i)).isEqualTo(i);
    }
    assertThat(result.get(50)).isEqualTo(-1);
  }

  @Test
  void gather_over100000Inputs_completes() {
    int n = 100_000;
    List<LoopFuture<Integer>> inputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      inputs.add(future());
    }
    LoopFuture<List<Integer>> all = LoopFutures.gather(loop, inputs);
    for (int i = n - 1; i >= 0; i--) {
      inputs.get(i).setResult(i);
    }
    List<Integer> result = loop.runUntilComplete(all);
    assertThat(result.get(0)).isZero();
    assertThat(result.get(n - 1)).isEqualTo(n - 1);
  }

  // ---- wait ----

  @Test
  void wait_firstCompleted_returnsTheOriginalFuturesSplitIntoDoneAndNotDone() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    SourceFuture<String> foreign = new SourceFuture<>();
    LoopFuture<DoneAndNotDone<AsyncFuture<String>>> w =
        LoopFutures.wait(loop, List.of(a, b, foreign), ReturnWhen.FIRST_COMPLETED, null);
    b.setResult("b");
    DoneAndNotDone<AsyncFuture<String>> r = loop.runUntilComplete(w);
    assertThat(r.done()).containsExactly(b);
    assertThat(r.notDone()).containsExactly(a, foreign);
  }

  @Test
  void wait_removesDuplicates() {
    LoopFuture<String> a = future();
    a.setResult("a");
    DoneAndNotDone<LoopFuture<String>> r =
        loop.runUntilComplete(
            LoopFutures.wait(loop, List.of(a, a, a), ReturnWhen.ALL_COMPLETED, null));
    assertThat(r.done()).containsExactly(a);
    assertThat(r.notDone()).isEmpty();
  }

  @Test
  void wait_countsEachKindOfRepeatOnce_inFirstSeenOrder() {
    LoopFuture<String> pending = future();
    LoopFuture<String> done = future();
    done.setResult("done");
    SourceFuture<String> other = new SourceFuture<>();
    LoopFuture<DoneAndNotDone<AsyncFuture<String>>> w =
        LoopFutures.wait(
            loop,
            List.of(pending, done, other, pending, other, done, pending),
            ReturnWhen.ALL_COMPLETED,
            null);
    TestLoops.runUntilIdle(loop);
    assertThat(w.isDone()).isFalse();
    pending.setResult("pending");
    other.complete("other");
    DoneAndNotDone<AsyncFuture<String>> r = loop.runUntilComplete(w);
    assertThat(r.done()).containsExactly(pending, done, other);
    assertThat(r.notDone()).isEmpty();
  }

  @Test
  void wait_ofARepeatedPendingFuture_leavesItsOtherCallbacksInPlace() {
    LoopFuture<String> a = future();
    List<String> ran = new ArrayList<>();
    a.addDoneCallback(f -> ran.add("before"));
    LoopFuture<DoneAndNotDone<LoopFuture<String>>> w =
        LoopFutures.wait(loop, List.of(a, a), ReturnWhen.ALL_COMPLETED, null);
    a.addDoneCallback(f -> ran.add("after"));
    a.setResult("a");
    assertThat(loop.runUntilComplete(w).done()).containsExactly(a);
    TestLoops.runUntilIdle(loop);
    assertThat(ran).containsExactly("before", "after");
  }

  @Test
  void wait_firstException_returnsOnAFailure_butNotOnACancellation() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    LoopFuture<String> c = future();
    LoopFuture<DoneAndNotDone<LoopFuture<String>>> w =
        LoopFutures.wait(loop, List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION, null);
    a.cancel();
    TestLoops.runUntilIdle(loop);
    assertThat(w.isDone()).as("cancellation is not an exception").isFalse();
    b.setException(new IOException("b"));
    DoneAndNotDone<LoopFuture<String>> r = loop.runUntilComplete(w);
    assertThat(r.done()).containsExactly(a, b);
    assertThat(r.notDone()).containsExactly(c);
  }

  @Test
  void wait_firstException_withoutFailures_behavesAsAllCompleted() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    LoopFuture<DoneAndNotDone<LoopFuture<String>>> w =
        LoopFutures.wait(loop, List.of(a, b), ReturnWhen.FIRST_EXCEPTION, null);
    a.setResult("a");
    TestLoops.runUntilIdle(loop);
    assertThat(w.isDone()).isFalse();
    b.setResult("b");
    assertThat(loop.runUntilComplete(w).done()).containsExactly(a, b);
  }

  @Test
  void wait_timeout_returnsPartialSets_andCancelsNothing() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    LoopFuture<DoneAndNotDone<LoopFuture<String>>> w =
        LoopFutures.wait(loop, List.of(a, b), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(5));
    a.setResult("a");
    loop.callSoon(() -> clock.advance(Duration.ofSeconds(5)));
    DoneAndNotDone<LoopFuture<String>> r = loop.runUntilComplete(w);
    assertThat(r.done()).containsExactly(a);
    assertThat(r.notDone()).containsExactly(b);
    assertThat(b.isDone()).isFalse();
  }

  @Test
  void wait_rejectsEmptyInputAndNegativeTimeout() {
    assertThatThrownBy(
            () -> LoopFutures.wait(loop, List.<LoopFuture<String>>of(), ReturnWhen.ALL_COMPLETED, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                LoopFutures.wait(
                    loop, List.of(future()), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cancellingTheWait_cancelsNoInput() {
    LoopFuture<String> a = future();
    LoopFuture<DoneAndNotDone<LoopFuture<String>>> w =
        LoopFutures.wait(loop, List.of(a), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(1));
    assertThat(w.cancel()).isTrue();
    TestLoops.runUntilIdle(loop);
    assertThat(a.isDone()).isFalse();
  }

  // ---- as completed ----

  @Test
  void asCompleted_yieldsOutcomesInCompletionOrder() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    LoopFuture<String> c = future();
    List<LoopFuture<String>> ordered =
        LoopFutures.asCompleted(loop, List.of(a, b, c, a), null);
    assertThat(ordered).hasSize(3);
    IOException io = new IOException("a");
    loop.callSoon(() -> c.setResult("c"));
    loop.callSoon(() -> loop.callSoon(() -> a.setException(io)));
    loop.callSoon(() -> loop.callSoon(() -> loop.callSoon(() -> b.cancel("b off"))));
    loop.runUntilComplete(LoopFutures.gather(loop, ordered, true));
    assertThat(ordered.get(0).result()).isEqualTo("c");
    assertThat(ordered.get(1).exception()).isSameAs(io);
    assertThat(ordered.get(2).isCancelled()).isTrue();
    assertThatThrownBy(ordered.get(2)::result).hasMessage("b off");
  }

  @Test
  void asCompleted_givesOneSlotPerDistinctFuture_whetherPendingOrDone() {
    LoopFuture<String> pending = future();
    LoopFuture<String> done = future();
    done.setResult("done");
    List<LoopFuture<String>> ordered =
        LoopFutures.asCompleted(loop, List.of(pending, done, pending, done), null);
    assertThat(ordered).hasSize(2);
    assertThat(loop.runUntilComplete(ordered.get(0))).isEqualTo("done");
    pending.setResult("pending");
    assertThat(loop.runUntilComplete(ordered.get(1))).isEqualTo("pending");
  }

  @Test
  void asCompleted_ofNothing_isAnEmptyList() {
    assertThat(LoopFutures.asCompleted(loop, List.<LoopFuture<String>>of(), null)).isEmpty();
  }

  @Test
  void asCompleted_timeout_failsTheRemainingWithTimeoutException_andCancelsNoInput() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    List<LoopFuture<String>> ordered =
        LoopFutures.asCompleted(loop, List.of(a, b), Duration.ofSeconds(1));
    b.setResult("b");
    loop.callSoon(() -> clock.advance(Duration.ofSeconds(1)));
    loop.runUntilComplete(LoopFutures.gather(loop, ordered, true));
    assertThat(ordered.get(0).result()).isEqualTo("b");
    assertThat(ordered.get(1).exception()).isInstanceOf(TimeoutException.class);
    assertThat(a.isDone()).isFalse();
  }

  @Test
  void asCompleted_aCancelledSlot_passesTheNextOutcomeToTheNextSlot() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    List<LoopFuture<String>> ordered = LoopFutures.asCompleted(loop, List.of(a, b), null);
    ordered.get(0).cancel();
    a.setResult("a");
    loop.runUntilComplete(ordered.get(1));
    assertThat(ordered.get(1).result()).isEqualTo("a");
    assertThat(b.isDone()).isFalse();
  }

  // ---- shield ----

  @Test
  void shield_cancellingTheOuter_leavesTheInnerRunning() {
    LoopFuture<String> inner = future();
    LoopFuture<String> outer = LoopFutures.shield(loop, inner);
    assertThat(outer).isNotSameAs(inner);
    assertThat(outer.cancel("only the outer")).isTrue();
    assertThat(inner.isDone()).isFalse();
    inner.setResult("still computed");
    TestLoops.runUntilIdle(loop);
    assertThat(inner.result()).isEqualTo("still computed");
    assertThat(outer.isCancelled()).isTrue();
  }

  @Test
  void shield_passesTheInnerOutcome_includingCancellation() {
    LoopFuture<String> inner = future();
    LoopFuture<String> outer = LoopFutures.shield(loop, inner);
    inner.setResult("v");
    assertThat(loop.runUntilComplete(outer)).isEqualTo("v");
    LoopFuture<String> cancelledInner = future();
    LoopFuture<String> outer2 = LoopFutures.shield(loop, cancelledInner);
    cancelledInner.cancel("inner went");
    TestLoops.runUntilIdle(loop);
    assertThat(outer2.isCancelled()).isTrue();
    assertThatThrownBy(outer2::result).hasMessage("inner went");
  }

  @Test
  void shield_ofADoneLoopFuture_returnsIt() {
    LoopFuture<String> done = future();
    done.setResult("v");
    assertThat(LoopFutures.shield(loop, done)).isSameAs(done);
  }

  // ---- waitFor ----

  @Test
  void waitFor_inTime_passesTheOutcome() {
    LoopFuture<String> inner = future();
    LoopFuture<String> outer = LoopFutures.waitFor(loop, inner, Duration.ofSeconds(1));
    inner.setResult("quick");
    assertThat(loop.runUntilComplete(outer)).isEqualTo("quick");
  }

  @Test
  void waitFor_timeout_cancelsTheInner_thenFailsWithTimeoutException() {
    LoopFuture<String> inner = future();
    List<String> order = new ArrayList<>();
    inner.addDoneCallback(f -> order.add("inner done, cancelled=" + f.isCancelled()));
    LoopFuture<String> outer = LoopFutures.waitFor(loop, inner, Duration.ofSeconds(2));
    outer.addDoneCallback(f -> order.add("outer done"));
    loop.callSoon(() -> clock.advance(Duration.ofSeconds(2)));
    assertThatThrownBy(() -> loop.runUntilComplete(outer))
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(outer.exception()).isInstanceOf(TimeoutException.class);
    assertThat(inner.isCancelled()).isTrue();
    TestLoops.runUntilIdle(loop);
    assertThat(order).containsExactly("inner done, cancelled=true", "outer done");
  }

  @Test
  void waitFor_timeoutOnAForeignFuture_cancelsTheSource() {
    SourceFuture<String> source = new SourceFuture<>();
    LoopFuture<String> outer = LoopFutures.waitFor(loop, source, Duration.ofMillis(10));
    loop.callSoon(() -> clock.advance(Duration.ofMillis(10)));
    assertThatThrownBy(() -> loop.runUntilComplete(outer))
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(source.isCancelled()).isTrue();
  }

  @Test
  void cancellingWaitFor_cancelsTheInner_withTheMessage() {
    LoopFuture<String> inner = future();
    LoopFuture<String> outer = LoopFutures.waitFor(loop, inner, null);
    assertThat(outer.cancel("caller gave up")).isTrue();
    assertThat(inner.isCancelled()).isTrue();
    assertThatThrownBy(inner::result).hasMessage("caller gave up");
  }

  // ---- adopt ----

  @Test
  void adopt_ofALoopFutureOfTheSameLoop_returnsIt() {
    LoopFuture<String> f = future();
    assertThat(LoopFutures.adopt(loop, f)).isSameAs(f);
  }

  @Test
  void adopt_copiesValueFailureAndCancellation_onTheLoopThread() {
    SourceFuture<String> ok = new SourceFuture<>();
    SourceFuture<String> failed = new SourceFuture<>();
    SourceFuture<String> cancelled = new SourceFuture<>();
    LoopFuture<String> okView = LoopFutures.adopt(loop, ok);
    LoopFuture<String> failedView = LoopFutures.adopt(loop, failed);
    LoopFuture<String> cancelledView = LoopFutures.adopt(loop, cancelled);
    List<Boolean> onLoop = new ArrayList<>();
    okView.addDoneCallback(f -> onLoop.add(loop.inLoopThread()));
    IOException io = new IOException("io");
    pool.execute(
        () -> {
          ok.complete("v");
          failed.fail(io);
          cancelled.cancel("src cancelled");
        });
    loop.runUntilComplete(LoopFutures.gather(loop, List.of(okView, failedView, cancelledView), true));
    assertThat(okView.result()).isEqualTo("v");
    assertThat(failedView.exception()).isSameAs(io);
    assertThat(cancelledView.isCancelled()).isTrue();
    assertThatThrownBy(cancelledView::result).hasMessage("src cancelled");
    TestLoops.runUntilIdle(loop);
    assertThat(onLoop).containsExactly(true);
  }

  @Test
  void adopt_ofALoopFutureOfAnotherLoop_unwrapsACompletionExceptionLikeEveryOtherPath()
      throws Exception {
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("unwrap-source")) {
      EventLoop other = background.loop();
      IOException io = new IOException("inner");
      CompletableFuture<LoopFuture<String>> failedThere = new CompletableFuture<>();
      other.callSoonThreadsafe(
          () -> {
            LoopFuture<String> f = other.createFuture();
            f.setException(new java.util.concurrent.CompletionException(io));
            failedThere.complete(f);
          });
      LoopFuture<String> source = failedThere.get(5, TimeUnit.SECONDS);
      LoopFuture<String> view = LoopFutures.adopt(loop, source);
      loop.runUntilComplete(LoopFutures.gather(loop, List.of(view), true));
      assertThat(view.exception()).isSameAs(io);
    }
  }

  @Test
  void gather_ofOwnFuturesFailedWithACompletionException_reportsTheUnwrappedFailure() {
    LoopFuture<String> wrapped = future();
    IOException io = new IOException("inner");
    wrapped.setException(new java.util.concurrent.CompletionException(io));
    LoopFuture<List<@Nullable Object>> collected = LoopFutures.gather(loop, List.of(wrapped), true);
    LoopFuture<List<String>> failing = LoopFutures.gather(loop, List.of(wrapped));
    TestLoops.runUntilIdle(loop);
    assertThat(collected.result()).containsExactly(io);
    assertThat(failing.exception()).isSameAs(io);
  }

  @Test
  void adopt_cancellingTheView_cancelsTheSource_andNothingIsCopiedIntoIt() {
    SourceFuture<String> source = new SourceFuture<>();
    LoopFuture<String> view = LoopFutures.adopt(loop, source);
    assertThat(view.cancel("view cancelled")).isTrue();
    assertThat(source.isCancelled()).isTrue();
    assertThatThrownBy(source::result).hasMessage("view cancelled");
    TestLoops.runUntilIdle(loop);
    assertThatThrownBy(view::result).hasMessage("view cancelled");
  }

  @Test
  void adopt_intoAClosedLoop_throwsAndLeavesTheSourceAlone() {
    EventLoop closed = EventLoops.newEventLoop();
    LoopFuture<String> own = closed.createFuture();
    closed.close();
    SourceFuture<String> source = new SourceFuture<>();
    assertThatThrownBy(() -> LoopFutures.adopt(closed, source))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
        .hasMessageContaining("closed");
    assertThat(source.isDone()).isFalse();
    assertThat(source.cancelCalls()).isZero();
    assertThat(LoopFutures.adopt(closed, own)).isSameAs(own);
  }

  @Test
  void adopt_aDoneSource_isNeverCancelledByTheView() {
    SourceFuture<String> source = new SourceFuture<>();
    source.complete("done");
    LoopFuture<String> view = LoopFutures.adopt(loop, source);
    view.cancel();
    assertThat(source.cancelCalls()).isZero();
    assertThat(source.result()).isEqualTo("done");
  }

  @Test
  void adopt_aLoopFutureOfAnotherRunningLoop_registersAndCancelsOnItsThread() throws Exception {
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("bg-source")) {
      EventLoop other = background.loop();
      AtomicReference<LoopFuture<String>> ref = new AtomicReference<>();
      CountDownLatch created = new CountDownLatch(2);
      other.callSoonThreadsafe(() -> {
        ref.set(other.createFuture());
        created.countDown();
      });
      AtomicReference<LoopFuture<String>> ref2 = new AtomicReference<>();
      other.callSoonThreadsafe(() -> {
        ref2.set(other.createFuture());
        created.countDown();
      });
      assertThat(created.await(5, TimeUnit.SECONDS)).isTrue();
      LoopFuture<String> source = ref.get();
      LoopFuture<String> view = LoopFutures.adopt(loop, source);
      other.callSoonThreadsafe(() -> source.setResult("from the other loop"));
      assertThat(loop.runUntilComplete(view)).isEqualTo("from the other loop");

      LoopFuture<String> source2 = ref2.get();
      LoopFuture<String> view2 = LoopFutures.adopt(loop, source2);
      assertThat(view2.cancel("cross-loop cancel")).isTrue();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(source2::isCancelled);
      assertThatThrownBy(source2::result).hasMessage("cross-loop cancel");
    }
  }

  @Test
  void adopt_cancellingAViewOfAFutureOfAnIdleLoop_cancelsTheSourceWhenThatLoopRuns() {
    EventLoop other = EventLoops.newEventLoop();
    try {
      LoopFuture<String> source = other.createFuture();
      LoopFuture<String> view = LoopFutures.adopt(loop, source);
      assertThat(view.cancel("view cancelled")).isTrue();
      assertThat(source.isDone())
          .as("the cancel joins the other loop's FIFO order (LoopThreads.runOnLoop)")
          .isFalse();
      TestLoops.runUntilIdle(other);
      assertThat(source.isCancelled()).isTrue();
      assertThatThrownBy(source::result).hasMessage("view cancelled");
    } finally {
      other.close();
    }
  }

  @Test
  void adopt_aFutureOfAClosedLoop_cancellingTheView_cancelsTheSourceAtOnce() {
    EventLoop other = EventLoops.newEventLoop();
    LoopFuture<String> source = other.createFuture();
    LoopFuture<String> view = LoopFutures.adopt(loop, source);
    other.close();
    view.cancel("view cancelled");
    assertThat(source.isCancelled()).as("a closed loop runs nothing: cancelled here").isTrue();
  }

  @Test
  void adopt_fromAForeignThreadWhileTheLoopRuns_works_andCloseStillCancelsTheView()
      throws Exception {
    SourceFuture<String> first = new SourceFuture<>();
    SourceFuture<String> second = new SourceFuture<>();
    AtomicReference<LoopFuture<String>> views = new AtomicReference<>();
    LoopFuture<String> got = future();
    loop.callSoon(
        () ->
            pool.execute(
                () -> {
                  LoopFuture<String> v = LoopFutures.adopt(loop, first);
                  views.set(LoopFutures.adopt(loop, second));
                  first.complete("adopted off-loop");
                  loop.callSoonThreadsafe(() -> v.addDoneCallback(f -> got.setResult(f.result())));
                }));
    assertThat(loop.runUntilComplete(got)).isEqualTo("adopted off-loop");
    loop.close();
    assertThat(views.get().isCancelled()).isTrue();
    assertThat(second.isCancelled()).isTrue();
  }

  @Test
  void adopt_sourceCompletingAfterTheLoopClosed_copiesNothingAndThrowsNothing() {
    SourceFuture<String> source = new SourceFuture<>();
    LoopFuture<String> view = LoopFutures.adopt(loop, source);
    view.addDoneCallback(f -> {});
    loop.close();
    assertThat(source.complete("late")).as("already cancelled through the view").isFalse();
    SourceFuture<String> untouched = new SourceFuture<>();
    EventLoop other = EventLoops.newEventLoop();
    LoopFuture<String> otherView = LoopFutures.adopt(other, untouched);
    other.close();
    assertThat(otherView.isCancelled()).isTrue();
  }

  // ---- cancelOnClose ----

  @Test
  void cancelOnClose_onAClosedLoop_cancelsAtOnce() {
    loop.close();
    LoopFuture<String> f = LoopFutures.cancelOnClose(loop.createFuture());
    assertThat(f.isCancelled()).isTrue();
    assertThatThrownBy(f::result).hasMessage("event loop closed");
  }

  @Test
  void cancelOnClose_fromAForeignThreadWhileRunning_isRegisteredThroughTheLoop() throws Exception {
    LoopFuture<String> f = future();
    LoopFuture<Void> registered = future();
    loop.callSoon(
        () ->
            pool.execute(
                () -> {
                  LoopFutures.cancelOnClose(f);
                  loop.callSoonThreadsafe(() -> registered.setResult(null));
                }));
    loop.runUntilComplete(registered);
    loop.close();
    assertThat(f.isCancelled()).isTrue();
  }

  @Test
  void cancelOnClose_ofAFutureThatCompleted_leavesItAlone() {
    LoopFuture<String> f = LoopFutures.cancelOnClose(loop.<String>createFuture());
    f.setResult("v");
    TestLoops.runUntilIdle(loop);
    loop.close();
    assertThat(f.result()).isEqualTo("v");
  }

  @Test
  void combinators_rejectNulls_atTheCallSite() {
    assertThatThrownBy(() -> LoopFutures.adopt(null, future()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LoopFutures.gather(loop, Arrays.asList(future(), null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LoopFutures.shield(loop, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LoopFutures.cancelOnClose(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void groupOperations_rejectANullInput_beforeRegisteringOnAnyInput_forPlainAndOtherLists() {
    for (boolean plain : new boolean[] {true, false}) {
      LoopFuture<String> first = future();
      List<LoopFuture<String>> inputs = plain ? new ArrayList<>() : new LinkedList<>();
      inputs.add(first);
      inputs.add(null);
      assertThatThrownBy(() -> LoopFutures.wait(loop, inputs, ReturnWhen.ALL_COMPLETED, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("futures must not contain null");
      assertThatThrownBy(() -> LoopFutures.asCompleted(loop, inputs, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("futures must not contain null");
      assertThatThrownBy(() -> LoopFutures.gather(loop, inputs))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("futures must not contain null");
      // Nothing was registered on the first input: completing it queues no done callback.
      first.setResult("v");
      assertThat(LoopOperations.health(loop).readyQueueDepth()).isZero();
    }
  }
}
