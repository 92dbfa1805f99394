package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.WrongThreadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop-side deadline: the behaviour of CPython's {@code test_timeouts.py} on a loop with a
 * {@link ManualClock}, so every expiry happens when the test advances the clock.
 */
@Timeout(20)
final class LoopDeadlineTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  private final RecordingHandler handler = new RecordingHandler();
  private final ManualClock clock = ManualClock.startingAt(1_000_000_000L);
  private final EventLoop loop = EventLoops.builder().clock(clock).exceptionHandler(handler).build();

  @AfterEach
  void tearDown() {
    LoopScope.CURRENT.remove();
    if (!loop.isRunning()) {
      loop.close();
    }
  }

  private <T extends @Nullable Object> LoopFuture<T> future() {
    return loop.createFuture();
  }

  /** Runs the loop until {@code f} is done; returns its failure, or null if it succeeded. */
  private @Nullable Throwable outcomeOf(AsyncFuture<?> f) {
    try {
      loop.runUntilComplete(f);
      return null;
    } catch (RuntimeException | Error e) {
      return e;
    }
  }

  /**
   * Advances the clock and runs the loop until every timer that became due has run, and the
   * callbacks they queued: a timer added now comes after every timer already there.
   */
  private void advance(Duration by) {
    clock.advance(by);
    LoopFuture<@Nullable Void> timersRan = future();
    loop.callLater(Duration.ZERO, () -> timersRan.setResult(null));
    loop.runUntilComplete(timersRan);
    TestLoops.runUntilIdle(loop);
  }

  /** Advances the clock from a loop callback once the loop ran what is queued now. */
  private void advanceLater(Duration by) {
    loop.callSoon(() -> clock.advance(by));
  }

  @Test
  void within_expiresWhenTheLoopsClockPasses_theResultFailsWithTimeout_causedByTheCancellation() {
    AtomicReference<LoopDeadline> scope = new AtomicReference<>();
    LoopFuture<String> work = future();
    List<@Nullable String> seenByWork = new ArrayList<>();
    work.addDoneCallback(done -> seenByWork.add(Failures.cancelMessage(done)));

    LoopFuture<String> result =
        LoopDeadline.within(loop, SECOND, d -> {
          scope.set(d);
          return work;
        });
    advanceLater(SECOND);
    Throwable thrown = outcomeOf(result);

    assertThat(thrown).isInstanceOf(java.util.concurrent.CompletionException.class);
    Throwable timeout = thrown.getCause();
    assertThat(timeout).isInstanceOf(TimeoutException.class).hasMessageContaining("within 1000 ms");
    assertThat(timeout.getCause()).isInstanceOf(CancelledException.class).hasMessage("the deadline (within 1000 ms) expired");
    assertThat(seenByWork).containsExactly("the deadline (within 1000 ms) expired");
    assertThat(scope.get().expired()).isTrue();
    assertThat(scope.get().toString()).startsWith("LoopDeadline[within 1000 ms, expired");
  }

  @Test
  void until_keepsTheGivenDeadlineOnTheLoopsClock() {
    long when = loop.time() + SECOND.toNanos();
    AtomicReference<LoopDeadline> scope = new AtomicReference<>();

    LoopFuture<String> result =
        LoopDeadline.until(loop, when, d -> {
          scope.set(d);
          return future();
        });
    advanceLater(SECOND);

    assertThat(outcomeOf(result)).hasCauseInstanceOf(TimeoutException.class);
    assertThat(scope.get().when()).isEqualTo(when);
    assertThat(scope.get().expired()).isTrue();
  }

  @Test
  void deadlineAlreadyPassed_expiresAtTheNextTimerCheck_rightAfterTheBodyBegan() {
    LoopFuture<String> work = future();
    LoopFuture<String> zero = LoopDeadline.within(loop, Duration.ZERO, d -> work);
    LoopFuture<String> past = LoopDeadline.until(loop, loop.time() - 1, d -> future());

    assertThat(outcomeOf(zero)).hasCauseInstanceOf(TimeoutException.class);
    assertThat(outcomeOf(past)).hasCauseInstanceOf(TimeoutException.class);
    assertThat(Failures.cancelMessage(work)).isEqualTo("the deadline (within 0 ms) expired");
  }

  @Test
  void workThatEndsInTime_givesItsValue_andTheDeadlineHasNotExpired() {
    AtomicReference<LoopDeadline> scope = new AtomicReference<>();
    LoopFuture<String> result =
        LoopDeadline.within(loop, Duration.ofSeconds(10), d -> {
          scope.set(d);
          LoopFuture<String> f = future();
          loop.callLater(SECOND, () -> f.setResult("in time"));
          return f;
        });
    advanceLater(SECOND);

    assertThat(loop.runUntilComplete(result)).isEqualTo("in time");
    assertThat(scope.get().expired()).isFalse();
    assertThat(scope.get().when()).isGreaterThan(loop.time());
    assertThat(scope.get().toString()).contains("finished");
  }

  @Test
  void nestedDeadlines_sameTime_theInnerEndsCancelled_onlyTheOutermostTimesOut() {
    long when = loop.time() + SECOND.toNanos();
    AtomicReference<LoopFuture<String>> innerResult = new AtomicReference<>();
    AtomicReference<LoopDeadline> inner = new AtomicReference<>();
    AtomicReference<LoopDeadline> outer = new AtomicReference<>();

    LoopFuture<String> result =
        LoopDeadline.until(loop, when, o -> {
          outer.set(o);
          innerResult.set(
              LoopDeadline.until(loop, when, i -> {
                inner.set(i);
                return future();
              }));
          return innerResult.get();
        });
    advanceLater(SECOND);

    assertThat(outcomeOf(result)).hasCauseInstanceOf(TimeoutException.class);
    TestLoops.runUntilIdle(loop);
    assertThat(innerResult.get().isCancelled()).isTrue(); // the outer expiry reached it first
    assertThat(inner.get().expired()).isTrue(); // it had passed too (CPython: cm2.expired())
    assertThat(outer.get().expired()).isTrue();
  }

  @Test
  void innerDeadlineFirst_itsTimeoutIsHandled_thenTheOuterExpiryStopsTheNextWork() {
    // CPython's test_nested_timeouts_loop_busy: the inner deadline (1 s) times out, the outer
    // body handles that and goes on; the outer deadline (5 s) then stops what it went on with.
    AtomicReference<@Nullable Throwable> innerOutcome = new AtomicReference<>();
    LoopFuture<String> result =
        LoopDeadline.within(loop, Duration.ofSeconds(5), outer -> {
          LoopFuture<String> innerResult = LoopDeadline.within(loop, SECOND, i -> future());
          LoopFuture<String> handled =
              LoopFutures.recover(innerResult, e -> {
                innerOutcome.set(e);
                return "recovered";
              });
          return LoopFutures.compose(handled, v -> future()); // more work, which never ends
        });
    TestLoops.runUntilIdle(loop);
    advance(SECOND);
    assertThat(innerOutcome.get()).isInstanceOf(TimeoutException.class);
    assertThat(result.isDone()).isFalse();
    advanceLater(Duration.ofSeconds(4));

    assertThat(outcomeOf(result)).hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("within 5000 ms");
  }

  @Test
  void bodysFailure_passesTheBoundaryUnchanged_andNothingExpired() {
    IllegalStateException foreign = new IllegalStateException("foreign");
    AtomicReference<LoopDeadline> scope = new AtomicReference<>();
    LoopFuture<String> thrownByBody =
        LoopDeadline.within(loop, SECOND, d -> {
          scope.set(d);
          throw foreign;
        });
    LoopFuture<String> failedWork = future();
    LoopFuture<String> fromWork = LoopDeadline.within(loop, SECOND, d -> failedWork);
    loop.callSoon(() -> loop.callSoon(() -> failedWork.setException(foreign)));

    assertThat(outcomeOf(thrownByBody)).isSameAs(foreign);
    assertThat(outcomeOf(fromWork)).isSameAs(foreign);
    assertThat(scope.get().expired()).isFalse();
  }

  @Test
  void failureWhileHandlingTheExpiry_passesTheBoundaryUnchanged() {
    // CPython's test_foreign_exception_on_timeout: the work cannot be cancelled (a running
    // executor task) and fails while the deadline's cancellation is being handled.
    ArithmeticException cleanup = new ArithmeticException("cleanup failed");
    LoopTaskGroupTest.RunningTask<String> running = new LoopTaskGroupTest.RunningTask<>();
    LoopFuture<String> result = LoopDeadline.within(loop, SECOND, d -> running);
    loop.callSoon(() -> {
      clock.advance(SECOND);
      loop.callLater(Duration.ZERO, () -> running.fail(cleanup));
    });

    assertThat(outcomeOf(result)).isSameAs(cleanup);
    assertThat(running.cancelMessages).containsExactly("the deadline (within 1000 ms) expired");
  }

  @Test
  void cancellationFromElsewhere_staysACancellation_andNothingExpired() {
    LoopFuture<String> work = future();
    AtomicReference<LoopDeadline> scope = new AtomicReference<>();
    LoopFuture<String> result =
        LoopDeadline.within(loop, SECOND, d -> {
          scope.set(d);
          loop.callSoon(() -> work.cancel("cancelled by its owner"));
          return work;
        });

    assertThatThrownBy(() -> loop.runUntilComplete(result))
        .isInstanceOf(CancelledException.class)
        .hasMessage("cancelled by its owner");
    assertThat(scope.get().expired()).isFalse();
  }

  @Test
  void cancellationFromElsewhere_justBeforeTheExpiry_staysACancellation() {
    LoopFuture<String> work = future();
    loop.callLater(SECOND, () -> work.cancel("cancelled by its owner")); // due first, at the deadline
    LoopFuture<String> result = LoopDeadline.within(loop, SECOND, d -> work);
    advanceLater(SECOND);

    assertThatThrownBy(() -> loop.runUntilComplete(result))
        .isInstanceOf(CancelledException.class)
        .hasMessage("cancelled by its owner");
  }

  @Test
  void enclosingGroupsShutdown_reachesTheDeadline_asACancellationNotATimeout() {
    LoopTaskGroup group = LoopTaskGroup.open(loop, "enclosing");
    AtomicReference<LoopFuture<String>> deadlineResult = new AtomicReference<>();
    group.start(() -> {
      deadlineResult.set(LoopDeadline.within(loop, Duration.ofSeconds(10), d -> future()));
      return deadlineResult.get();
    });
    LoopFuture<@Nullable Void> done = group.close();
    TestLoops.runUntilIdle(loop);
    group.cancel("the group was cancelled");

    loop.runUntilComplete(done);

    assertThat(deadlineResult.get().isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(deadlineResult.get())).isEqualTo("the group was cancelled");
  }

  @Test
  void reschedule_laterAndEarlier_movesTheExpiry() {
    long start = loop.time();
    AtomicReference<LoopDeadline> scope = new AtomicReference<>();
    LoopFuture<String> result =
        LoopDeadline.within(loop, Duration.ofSeconds(10), d -> {
          scope.set(d);
          d.reschedule(d.when() + Duration.ofSeconds(20).toNanos()); // later: 30 s from now
          return future();
        });
    TestLoops.runUntilIdle(loop);
    long later = scope.get().when();
    advance(Duration.ofSeconds(15)); // past the first deadline, not the moved one
    assertThat(result.isDone()).isFalse();
    assertThat(scope.get().expired()).isFalse();

    loop.callSoon(() -> scope.get().reschedule(loop.time() + SECOND.toNanos())); // earlier
    advanceLater(SECOND);

    assertThat(outcomeOf(result)).hasCauseInstanceOf(TimeoutException.class);
    assertThat(later).isEqualTo(start + Duration.ofSeconds(30).toNanos());
  }

  @Test
  void reschedule_afterExpiryOrAfterTheWorkEnded_isRefused() {
    AtomicReference<LoopDeadline> expired = new AtomicReference<>();
    LoopFuture<String> timedOut =
        LoopDeadline.within(loop, Duration.ZERO, d -> future());
    LoopFuture<String> expiredLater =
        LoopDeadline.within(loop, SECOND, d -> {
          expired.set(d);
          return future();
        });
    AtomicReference<LoopDeadline> finished = new AtomicReference<>();
    LoopFuture<String> done =
        LoopDeadline.within(loop, SECOND, d -> {
          finished.set(d);
          LoopFuture<String> f = future();
          f.setResult("done");
          return f;
        });
    loop.runUntilComplete(done);
    advanceLater(SECOND);
    outcomeOf(expiredLater);
    outcomeOf(timedOut);

    assertThatThrownBy(() -> expired.get().reschedule(0L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expired");
    assertThatThrownBy(() -> finished.get().reschedule(0L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finished");
  }

  @Test
  void waitForInside_usesTheEarlierOfItsOwnTimeoutAndTheDeadline() {
    AtomicReference<LoopDeadline> scope = new AtomicReference<>();
    LoopFuture<String> ownFirst =
        LoopDeadline.within(loop, Duration.ofSeconds(10), d -> {
          scope.set(d);
          return LoopFutures.waitFor(loop, future(), SECOND);
        });
    AtomicReference<LoopFuture<String>> waitedTooLong = new AtomicReference<>();
    LoopFuture<String> deadlineFirst =
        LoopDeadline.within(loop, SECOND, d -> {
          waitedTooLong.set(LoopFutures.waitFor(loop, future(), Duration.ofSeconds(10)));
          // the body's own future is not the wait: the deadline reaches the wait through the scope
          return future();
        });
    advanceLater(SECOND);

    Throwable own = outcomeOf(ownFirst);
    Throwable byDeadline = outcomeOf(deadlineFirst);

    // its own timeout: the wait's own TimeoutException, a failure that passes the boundary
    assertThat(own).isInstanceOf(java.util.concurrent.CompletionException.class);
    assertThat(own.getCause()).isInstanceOf(TimeoutException.class).hasMessageStartingWith("waitFor timed out");
    assertThat(scope.get().expired()).isFalse();
    assertThat(byDeadline).hasCauseInstanceOf(TimeoutException.class);
    assertThat(waitedTooLong.get().isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(waitedTooLong.get())).isEqualTo("the deadline (within 1000 ms) expired");
  }

  @Test
  void groupInsideADeadline_expiryShutsItDown_andTheDeadlineWaitsForItsChildren() {
    // the deadline expiring inside a nested wait: the group's completion
    LoopTaskGroupTest.RunningTask<String> running = new LoopTaskGroupTest.RunningTask<>();
    List<@Nullable String> seen = new ArrayList<>();
    LoopFuture<String> result =
        LoopDeadline.within(loop, SECOND, d -> {
          LoopTaskGroup group = LoopTaskGroup.open(loop, "inside");
          LoopFuture<String> child = group.adopt(future());
          child.addDoneCallback(c -> seen.add(Failures.cancelMessage(c)));
          group.adopt(running);
          return LoopFutures.map(group.close(), v -> "unreachable");
        });
    TestLoops.runUntilIdle(loop);
    advance(SECOND);

    assertThat(seen).containsExactly("the deadline (within 1000 ms) expired");
    assertThat(running.cancelMessages).containsExactly("the deadline (within 1000 ms) expired");
    assertThat(result.isDone()).isFalse(); // the group still waits for its running child
    running.complete("finished anyway");
    assertThat(outcomeOf(result)).hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void groupReturnedByTheBody_isShutDownByTheExpiry_notCancelled() {
    LoopTaskGroupTest.RunningTask<String> running = new LoopTaskGroupTest.RunningTask<>();
    AtomicReference<LoopFuture<@Nullable Void>> completion = new AtomicReference<>();
    LoopFuture<@Nullable Void> result =
        LoopDeadline.within(loop, SECOND, d -> {
          LoopTaskGroup group = LoopTaskGroup.open(loop);
          group.adopt(running);
          completion.set(group.close());
          return completion.get();
        });
    TestLoops.runUntilIdle(loop);
    advance(SECOND);
    assertThat(completion.get().isDone()).isFalse();
    running.complete("finished");

    assertThat(outcomeOf(result)).hasCauseInstanceOf(TimeoutException.class);
    assertThat(completion.get().isCancelled()).isTrue();
  }

  @Test
  void cancellingTheResult_cancelsTheWorkWithTheMessage() {
    LoopFuture<String> work = future();
    LoopFuture<String> result = LoopDeadline.within(loop, SECOND, d -> work);
    TestLoops.runUntilIdle(loop);

    assertThat(result.cancel("caller gave up")).isTrue();
    TestLoops.runUntilIdle(loop);

    assertThat(work.isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(work)).isEqualTo("caller gave up");
  }

  @Test
  void fromAForeignThreadWhileTheLoopRuns_isRefused_butWhenAndExpiredAreReadable() throws Exception {
    AtomicReference<LoopDeadline> scope = new AtomicReference<>();
    LoopFuture<String> work = future();
    LoopFuture<String> result =
        LoopDeadline.within(loop, SECOND, d -> {
          scope.set(d);
          return work;
        });
    List<Throwable> refused = new ArrayList<>();
    AtomicReference<String> read = new AtomicReference<>();
    CountDownLatch checked = new CountDownLatch(1);
    loop.callSoon(() -> {
      Thread foreign = new Thread(() -> {
        for (Runnable call :
            List.<Runnable>of(
                () -> scope.get().reschedule(0L),
                () -> LoopDeadline.within(loop, SECOND, d -> work))) {
          try {
            call.run();
          } catch (WrongThreadException e) {
            refused.add(e);
          }
        }
        read.set(scope.get().when() + " " + scope.get().expired());
        checked.countDown();
        loop.callSoonThreadsafe(() -> work.setResult("done"));
      });
      foreign.start();
    });

    loop.runUntilComplete(result);

    checked.await();
    assertThat(refused).hasSize(2);
    assertThat(read.get()).endsWith(" false");
  }

  @Test
  void scopeCapturedByThePropagator_reachesAWaitMadeInALaterCallback() {
    // What context propagation does once it composes LoopScope.PROPAGATOR: a callback registered
    // in the body runs inside the deadline, so its waitFor ends with the expiry.
    AtomicReference<LoopFuture<String>> waited = new AtomicReference<>();
    LoopFuture<String> result =
        LoopDeadline.within(loop, SECOND, d -> {
          dev.tandem.api.ContextSnapshot context = LoopScope.PROPAGATOR.capture();
          loop.callSoon(context.wrap(() -> waited.set(LoopFutures.waitFor(loop, future(), Duration.ofMinutes(1)))));
          return future();
        });
    TestLoops.runUntilIdle(loop);
    advance(SECOND);

    assertThat(outcomeOf(result)).hasCauseInstanceOf(TimeoutException.class);
    assertThat(waited.get().isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(waited.get())).isEqualTo("the deadline (within 1000 ms) expired");
  }

  @Test
  void badInput_isRefusedAtTheCallSite() {
    assertThatThrownBy(() -> LoopDeadline.within(loop, Duration.ofSeconds(-1), d -> future()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoopDeadline.within(loop, null, d -> future())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LoopDeadline.within(loop, SECOND, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LoopDeadline.until(null, 0L, d -> future())).isInstanceOf(NullPointerException.class);
    loop.close();
    assertThatThrownBy(() -> LoopDeadline.within(loop, SECOND, d -> future()))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
