package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.ReturnWhen;
import dev.tandem.api.UncheckedWaitException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The thread-side deadline: the behaviour of CPython's {@code test_timeouts.py}. Deadlines that
 * must expire are set in the past or short (50 ms) and are only waited for by Tandem's waits;
 * none of these tests measures time.
 */
@Timeout(20)
final class DeadlineTest {

  private static final Duration SHORT = Duration.ofMillis(50);
  private static final Duration LONG = Duration.ofMinutes(5);

  private final FutureExecutor pool = FutureExecutor.newFixedPool(2, "deadline-test");

  @AfterEach
  void tearDown() {
    CancelScope.setCurrent(null);
    pool.shutdown(false, true);
  }

  private static <T> SettableExecutorFuture<T> never() {
    return ExecutorFutures.settable();
  }

  private static long past() {
    return System.nanoTime() - 1;
  }

  @Test
  void within_expiresInsideAWait_andOnlyTheBoundaryTurnsItIntoATimeoutException() {
    AtomicReference<Deadline> scope = new AtomicReference<>();
    AtomicReference<Throwable> insideTheBlock = new AtomicReference<>();

    Throwable thrown =
        catchThrowable(
            () ->
                Deadline.within(SHORT, d -> {
                  scope.set(d);
                  try {
                    return never().result(LONG);
                  } catch (CancellationException e) {
                    insideTheBlock.set(e); // CPython's test_waiter_cancelled
                    throw e;
                  }
                }));

    assertThat(thrown).isInstanceOf(TimeoutException.class).hasMessageContaining("within 50 ms");
    assertThat(insideTheBlock.get())
        .isInstanceOf(CancelledException.class)
        .hasMessageContaining("the deadline (within 50 ms) expired");
    assertThat(thrown.getCause()).isSameAs(insideTheBlock.get()); // test_timeout_exception_cause
    assertThat(scope.get().expired()).isTrue();
    assertThat(scope.get().toString()).startsWith("Deadline[within 50 ms, expired, when=");
  }

  @Test
  void until_keepsTheGivenDeadline_andExpiresAtItsFirstWait() {
    long when = past();
    AtomicReference<Deadline> scope = new AtomicReference<>();

    assertThatThrownBy(
            () ->
                Deadline.until(when, d -> {
                  scope.set(d);
                  return never().result(LONG);
                }))
        .isInstanceOf(TimeoutException.class);
    assertThat(scope.get().when()).isEqualTo(when);
    assertThat(scope.get().expired()).isTrue();
  }

  @Test
  void zeroTimeout_expiresAtTheFirstWait() {
    assertThatThrownBy(() -> Deadline.within(Duration.ZERO, d -> never().result(LONG)))
        .isInstanceOf(TimeoutException.class);
  }

  @Test
  void blockThatEndsInTime_returnsItsValue_andTheDeadlineHasNotExpired() throws Exception {
    AtomicReference<Deadline> scope = new AtomicReference<>();
    long before = System.nanoTime();

    String value =
        Deadline.within(LONG, d -> {
          scope.set(d);
          return pool.submit(() -> "in time").result(Duration.ofSeconds(10));
        });

    assertThat(value).isEqualTo("in time");
    assertThat(scope.get().expired()).isFalse();
    assertThat(scope.get().when() - before).isPositive();
    assertThat(scope.get().toString()).contains("finished");
  }

  @Test
  void nestedDeadlines_bothPassed_theInnerSeesACancellation_onlyTheOutermostThrowsTimeout() {
    long when = past();
    AtomicBoolean innerSawCancellation = new AtomicBoolean();
    AtomicReference<Deadline> inner = new AtomicReference<>();
    AtomicReference<Deadline> outer = new AtomicReference<>();

    Throwable thrown =
        catchThrowable(
            () ->
                Deadline.until(when, o -> {
                  outer.set(o);
                  try {
                    return Deadline.until(when, i -> {
                      inner.set(i);
                      return never().result(LONG);
                    });
                  } catch (CancellationException e) {
                    innerSawCancellation.set(true); // CPython's test_nested_timeouts
                    throw e;
                  }
                }));

    assertThat(thrown).isInstanceOf(TimeoutException.class);
    assertThat(innerSawCancellation).isTrue();
    assertThat(inner.get().expired()).isTrue();
    assertThat(outer.get().expired()).isTrue();
  }

  @Test
  void innerDeadlinePassesFirst_itsTimeoutIsHandledInside_thenTheOuterStopsTheNextWait() {
    // CPython's test_nested_timeouts_loop_busy, without a busy loop: the inner deadline is in
    // the past, the outer one is moved into the past after the inner block ended.
    AtomicReference<Throwable> innerOutcome = new AtomicReference<>();

    Throwable thrown =
        catchThrowable(
            () ->
                Deadline.within(LONG, outer -> {
                  innerOutcome.set(
                      catchThrowable(() -> Deadline.until(past(), i -> never().result(LONG))));
                  outer.reschedule(past());
                  return never().result(LONG);
                }));

    assertThat(innerOutcome.get()).isInstanceOf(TimeoutException.class).hasMessageContaining("until nanoTime");
    assertThat(thrown).isInstanceOf(TimeoutException.class).hasMessageContaining("within 300000 ms");
  }

  @Test
  void foreignException_passesTheBoundaryUnchanged_andNothingExpired() {
    IllegalStateException foreign = new IllegalStateException("foreign");
    AtomicReference<Deadline> scope = new AtomicReference<>();

    Throwable thrown =
        catchThrowable(
            () ->
                Deadline.within(LONG, d -> {
                  scope.set(d);
                  throw foreign;
                }));

    assertThat(thrown).isSameAs(foreign);
    assertThat(scope.get().expired()).isFalse();
  }

  @Test
  void exceptionThrownWhileHandlingTheExpiry_passesTheBoundaryUnchanged() {
    ArithmeticException cleanup = new ArithmeticException("cleanup failed");

    Throwable thrown =
        catchThrowable(
            () ->
                Deadline.until(past(), d -> {
                  try {
                    return never().result(LONG);
                  } finally {
                    throw cleanup; // CPython's test_foreign_exception_on_timeout
                  }
                }));

    assertThat(thrown).isSameAs(cleanup);
  }

  @Test
  void cancellationFromElsewhere_staysACancellation_evenAfterTheDeadlinePassed() {
    SettableExecutorFuture<String> cancelledElsewhere = ExecutorFutures.settable();
    cancelledElsewhere.cancel("cancelled by its owner");
    AtomicReference<Deadline> scope = new AtomicReference<>();

    Throwable notExpired =
        catchThrowable(
            () ->
                Deadline.within(LONG, d -> {
                  scope.set(d);
                  return cancelledElsewhere.result(LONG);
                }));
    Throwable afterExpiry =
        catchThrowable(
            () ->
                Deadline.until(past(), d -> {
                  catchThrowable(() -> never().result(LONG)); // the deadline has expired now
                  return cancelledElsewhere.result(LONG);
                }));

    assertThat(notExpired).isInstanceOf(CancelledException.class).hasMessage("cancelled by its owner");
    assertThat(scope.get().expired()).isFalse();
    assertThat(afterExpiry).isInstanceOf(CancelledException.class).hasMessage("cancelled by its owner");
  }

  @Test
  void enclosingGroupsCancellation_passesTheDeadlineAsACancellation() {
    TaskGroup group = TaskGroup.open("enclosing");
    group.cancel("the group was cancelled");

    Throwable thrown = catchThrowable(() -> Deadline.within(LONG, d -> never().result(LONG)));

    assertThat(thrown).isInstanceOf(CancelledException.class).hasMessage("the group was cancelled");
    group.close();
  }

  @Test
  void reschedule_later_fromInside_letsTheBlockFinish() throws Exception {
    SettableExecutorFuture<String> answer = ExecutorFutures.settable();
    pool.execute(() -> answer.setResult("answered"));

    String value =
        Deadline.until(past(), d -> {
          d.reschedule(System.nanoTime() + LONG.toNanos()); // before any wait noticed the past
          return answer.result(LONG);
        });

    assertThat(value).isEqualTo("answered");
  }

  @Test
  void reschedule_earlier_fromAnotherThread_wakesTheWaitInside() throws Exception {
    AtomicReference<Deadline> scope = new AtomicReference<>();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    CountDownLatch entered = new CountDownLatch(1);
    Thread waiter =
        new Thread(
            () ->
                outcome.set(
                    catchThrowable(
                        () ->
                            Deadline.within(Duration.ofHours(1), d -> {
                              scope.set(d);
                              entered.countDown();
                              return never().result(Duration.ofHours(2));
                            }))),
            "waiter");
    waiter.start();
    entered.await();
    await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
    long later = scope.get().when() + 1;
    scope.get().reschedule(later);
    assertThat(scope.get().when()).isEqualTo(later);

    scope.get().reschedule(past());
    waiter.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(outcome.get()).isInstanceOf(TimeoutException.class);
  }

  @Test
  void reschedule_afterExpiryOrAfterTheBlock_isRefused() throws Exception {
    AtomicReference<Deadline> expired = new AtomicReference<>();
    catchThrowable(
        () ->
            Deadline.until(past(), d -> {
              expired.set(d);
              return never().result(LONG);
            }));
    AtomicReference<Deadline> finished = new AtomicReference<>();
    Deadline.within(LONG, d -> {
      finished.set(d);
      return "done";
    });

    assertThatThrownBy(() -> expired.get().reschedule(System.nanoTime()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expired");
    assertThatThrownBy(() -> finished.get().reschedule(System.nanoTime()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finished");
  }

  @Test
  void waitsInside_useTheEarlierOfTheirOwnTimeoutAndTheDeadline() throws Exception {
    AtomicReference<Deadline> scope = new AtomicReference<>();

    Throwable ownTimeoutFirst =
        catchThrowable(
            () ->
                Deadline.within(LONG, d -> {
                  scope.set(d);
                  return never().result(SHORT);
                }));
    Throwable deadlineFirst = catchThrowable(() -> Deadline.within(SHORT, d -> never().result(LONG)));

    // the wait's own timeout: its own TimeoutException, which cancels nothing
    assertThat(ownTimeoutFirst).isInstanceOf(TimeoutException.class).hasMessageStartingWith("Waited 50 ms");
    assertThat(scope.get().expired()).isFalse();
    assertThat(deadlineFirst).isInstanceOf(TimeoutException.class).hasCauseInstanceOf(CancelledException.class);
  }

  @Test
  void untimedGet_andExceptionWait_areLimitedByTheDeadline() {
    assertThatThrownBy(() -> Deadline.until(past(), d -> never().get())).isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> Deadline.until(past(), d -> never().exception(LONG)))
        .isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> Deadline.until(past(), d -> never().get(5, TimeUnit.MINUTES)))
        .isInstanceOf(TimeoutException.class)
        .hasCauseInstanceOf(CancelledException.class);
  }

  @Test
  void futureWaits_waitAndAsCompleted_areLimitedByTheDeadline() {
    ExecutorFuture<String> done = ExecutorFutures.completed("done");

    Throwable fromWait =
        catchThrowable(
            () ->
                Deadline.within(SHORT, d -> {
                  DoneAndNotDone<AsyncFuture<String>> r =
                      FutureWaits.wait(List.of(done, never()), ReturnWhen.ALL_COMPLETED);
                  return r.done().size();
                }));
    Throwable fromAsCompleted =
        catchThrowable(
            () ->
                Deadline.within(SHORT, d -> {
                  Iterator<AsyncFuture<String>> it = FutureWaits.asCompleted(List.of(done, never()), LONG);
                  it.next(); // the done one, at once
                  return it.next();
                }));
    // a wait that can answer at once needs no time, also after the deadline
    Throwable atOnce =
        catchThrowable(
            () -> Deadline.until(past(), d -> FutureWaits.wait(List.of(done), ReturnWhen.ALL_COMPLETED)));

    assertThat(fromWait).isInstanceOf(TimeoutException.class);
    assertThat(fromAsCompleted).isInstanceOf(TimeoutException.class);
    assertThat(atOnce).isNull();
  }

  @Test
  void groupInsideADeadline_expiryCancelsTheChildrenOnTheirThreads_andTheBoundaryThrowsTimeout() {
    AtomicReference<Throwable> seenByChild = new AtomicReference<>();
    CountDownLatch childWaits = new CountDownLatch(1);

    Throwable thrown =
        catchThrowable(
            () ->
                Deadline.within(SHORT, d -> {
                  try (TaskGroup group = TaskGroup.open("inside")) {
                    group.submit(pool, () -> {
                      childWaits.countDown();
                      try {
                        return never().result(LONG);
                      } catch (CancellationException e) {
                        seenByChild.set(e);
                        throw e;
                      }
                    });
                    childWaits.await();
                  } // close() waits inside the deadline: the deadline expiring inside a nested wait
                  return "unreachable";
                }));

    assertThat(thrown).isInstanceOf(TimeoutException.class);
    assertThat(seenByChild.get()).hasMessageContaining("the deadline (within 50 ms) expired");
  }

  @Test
  void blockReadingAChildTheExpiryCancelled_stillEndsWithTimeout() {
    Throwable thrown =
        catchThrowable(
            () ->
                Deadline.within(SHORT, d -> {
                  try (TaskGroup group = TaskGroup.open()) {
                    ExecutorFuture<String> child = group.adopt(never());
                    return child.result(LONG); // the expiry cancels the child: its cancellation ends this
                  }
                }));

    assertThat(thrown).isInstanceOf(TimeoutException.class).hasCauseInstanceOf(CancelledException.class);
  }

  @Test
  void cancellationWithAnotherMessage_afterTheExpiry_staysACancellation() {
    SettableExecutorFuture<String> cancelledElsewhere = ExecutorFutures.settable();
    cancelledElsewhere.cancel("the deadline (within 50 ms) expired, said someone else");

    Throwable thrown =
        catchThrowable(
            () ->
                Deadline.within(SHORT, d -> {
                  catchThrowable(() -> never().result(LONG)); // expires it
                  return cancelledElsewhere.result();
                }));

    assertThat(thrown).isInstanceOf(CancelledException.class);
  }

  @Test
  void deadlineInsideAGroupChild_limitsTheChildsWaitOnItsThread() throws Exception {
    ExecutorFuture<String> child;
    try (TaskGroup group = TaskGroup.open()) {
      child =
          group.submit(pool, () -> {
            try {
              return Deadline.until(past(), d -> DeadlineTest.<String>never().result(LONG));
            } catch (TimeoutException e) {
              return "timed out on " + Thread.currentThread().getName();
            }
          });
    }
    assertThat(child.result()).startsWith("timed out on deadline-test");
  }

  @Test
  void ensureActive_insideAPassedDeadline_expiresIt_andTheBoundaryThrowsTimeout() {
    AtomicReference<Deadline> scope = new AtomicReference<>();
    Throwable thrown =
        catchThrowable(
            () ->
                Deadline.until(past(), d -> {
                  scope.set(d);
                  TaskGroup.ensureActive(); // CPU-bound code's checkpoint
                  return "unreachable";
                }));
    assertThat(thrown).isInstanceOf(TimeoutException.class);
    assertThat(scope.get().expired()).isTrue();
  }

  @Test
  void scopeCapturedByThePropagator_limitsAWaitOnAnotherThread() throws Exception {
    // What context propagation does once it composes CancelScope.PROPAGATOR: the deadline
    // travels with the context into a task handed to a pool directly.
    AtomicReference<ExecutorFuture<Throwable>> task = new AtomicReference<>();
    catchThrowable(
        () ->
            Deadline.within(SHORT, d -> {
              dev.tandem.api.ContextSnapshot context = CancelScope.PROPAGATOR.capture();
              task.set(pool.submit(() -> {
                try (dev.tandem.api.ContextSnapshot.Scope inside = context.open()) {
                  return catchThrowable(() -> never().result(LONG));
                }
              }));
              return task.get().result(LONG);
            }));

    assertThat(task.get().result(Duration.ofSeconds(10)))
        .isInstanceOf(CancelledException.class)
        .hasMessage("the deadline (within 50 ms) expired");
  }

  @Test
  void badInput_isRefusedAtTheCallSite() {
    assertThatThrownBy(() -> Deadline.within(Duration.ofSeconds(-1), d -> "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Deadline.within(null, d -> "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Deadline.within(LONG, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Deadline.until(0L, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void scopeOfTheBlock_isGoneAfterIt_soLaterWaitsAreNotLimited() throws Exception {
    catchThrowable(() -> Deadline.until(past(), d -> never().result(LONG)));
    SettableExecutorFuture<String> later = ExecutorFutures.settable();
    pool.execute(() -> later.setResult("not limited"));
    assertThat(later.result(Duration.ofSeconds(10))).isEqualTo("not limited");
    assertThat(CancelScope.current()).isNull();
  }
}
