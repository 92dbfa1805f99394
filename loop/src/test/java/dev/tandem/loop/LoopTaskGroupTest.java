package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.WrongThreadException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop-side task group: the behaviour of CPython's {@code test_taskgroups.py} on loop
 * futures, with children of both kinds. Everything runs on the test thread's loop; executor-kind
 * children are {@link SourceFuture}s and {@link RunningTask}s completed by the test.
 */
@Timeout(20)
final class LoopTaskGroupTest {

  private final RecordingHandler handler = new RecordingHandler();
  private final ManualClock clock = ManualClock.create();
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

  /** The cancel message {@code f} ends with, recorded when its done callback runs. */
  private static <T> void recordCancel(LoopFuture<T> f, List<@Nullable String> into) {
    f.addDoneCallback(done -> into.add(done.isCancelled() ? Failures.cancelMessage(done) : "not cancelled"));
  }

  // ---- waiting ----

  @Test
  void completion_succeedsOnceEveryChildIsDone_andTheirResultsAreThere() {
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    LoopFuture<Integer> a = group.adopt(future());
    SourceFuture<Integer> fromPool = new SourceFuture<>();
    LoopFuture<Integer> b = group.adopt(fromPool);
    LoopFuture<String> c = group.start(() -> {
      LoopFuture<String> f = future();
      loop.callLater(Duration.ofSeconds(1), () -> f.setResult("timer"));
      return f;
    });
    LoopFuture<@Nullable Void> done = group.close();
    a.setResult(42);
    fromPool.complete(11);
    TestLoops.runUntilIdle(loop);
    assertThat(done.isDone()).isFalse();
    clock.advance(Duration.ofSeconds(1));

    loop.runUntilComplete(done);

    assertThat(a.result() + b.result()).isEqualTo(53);
    assertThat(c.result()).isEqualTo("timer");
  }

  @Test
  void completion_waitsForChildrenThatChildrenStart() {
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    List<String> ran = new ArrayList<>();
    group.start(() -> {
      ran.add("root");
      LoopFuture<String> f = future();
      loop.callSoon(() -> {
        group.start(() -> {
          ran.add("child");
          LoopFuture<String> g = future();
          loop.callSoon(() -> g.setResult("grandchild done"));
          return g;
        });
        f.setResult("root done");
      });
      return f;
    });

    loop.runUntilComplete(group.close());

    assertThat(ran).containsExactly("root", "child");
  }

  @Test
  void emptyGroup_completesWhenClosed() {
    LoopFuture<@Nullable Void> done = LoopTaskGroup.open(loop).close();
    assertThat(done.isDone()).isTrue();
    assertThat(done.result()).isNull();
  }

  @Test
  void childCancelledOnItsOwn_isNotAFailure_andTheOthersCarryOn() {
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    LoopFuture<String> cancelled = group.adopt(future());
    LoopFuture<String> other = group.adopt(future());
    LoopFuture<@Nullable Void> done = group.close();
    cancelled.cancel("not needed");
    other.setResult("finished");

    loop.runUntilComplete(done);

    assertThat(other.result()).isEqualTo("finished");
  }

  // ---- the first failure ----

  @Test
  void firstFailure_cancelsEverySibling_withAMessageNamingTheFailedChild() {
    IllegalStateException boom = new IllegalStateException("boom");
    List<@Nullable String> seen = new ArrayList<>();
    AtomicBoolean starterRan = new AtomicBoolean();
    LoopTaskGroup group = LoopTaskGroup.open(loop, "checkout");
    LoopFuture<String> adopted = group.adopt("adopted", future());
    recordCancel(adopted, seen);
    SourceFuture<String> fromPool = new SourceFuture<>();
    group.adopt("pool", fromPool);
    LoopFuture<String> failing = group.adopt("failing", future());
    LoopFuture<@Nullable Void> done = group.close();
    failing.setException(boom);
    LoopFuture<String> notStarted = group.start("late", () -> {
      starterRan.set(true);
      return future();
    });
    recordCancel(notStarted, seen);

    Throwable thrown = catchFrom(done);

    assertThat(thrown).isSameAs(boom);
    assertThat(seen).hasSize(2).allSatisfy(m -> assertThat(m).contains("checkout").contains("'failing'").contains("boom"));
    assertThat(fromPool.isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(fromPool)).contains("'failing'");
    assertThat(starterRan).isFalse();
  }

  @Test
  void failures_areAggregated_theFirstWithTheLaterOnesSuppressed() {
    IOException first = new IOException("first");
    IllegalStateException cleanup = new IllegalStateException("cleanup");
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    RunningTask<String> running = new RunningTask<>();
    group.adopt(running);
    LoopFuture<String> failing = group.adopt(future());
    LoopFuture<@Nullable Void> done = group.close();
    failing.setException(first);
    TestLoops.runUntilIdle(loop);
    assertThat(running.cancelMessages).hasSize(1); // asked, but it was running and went on
    running.fail(cleanup);

    Throwable thrown = catchFrom(done);

    assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseReference(first);
    assertThat(first.getSuppressed()).containsExactly(cleanup);
  }

  @Test
  void runningExecutorChild_thatCannotBeCancelled_isWaitedForUntilItFinishes() {
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    RunningTask<String> running = new RunningTask<>();
    LoopFuture<String> view = group.adopt(running);
    LoopFuture<String> failing = group.adopt(future());
    LoopFuture<@Nullable Void> done = group.close();
    failing.setException(new IllegalStateException("boom"));
    TestLoops.runUntilIdle(loop);

    assertThat(done.isDone()).isFalse();
    assertThat(view.isDone()).isFalse();
    running.complete("finished anyway");
    assertThat(catchFrom(done)).hasMessage("boom");
    assertThat(view.result()).isEqualTo("finished anyway");
  }

  @Test
  void starterThatThrows_failsItsChild_andShutsTheGroupDown() {
    IllegalArgumentException thrown = new IllegalArgumentException("bad start");
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    LoopFuture<String> sibling = group.adopt(future());
    LoopFuture<String> child = group.start(() -> {
      throw thrown;
    });

    assertThat(catchFrom(group.close())).isSameAs(thrown);
    assertThat(child.exception()).isSameAs(thrown);
    assertThat(Failures.cancelMessage(sibling)).contains("#2");
  }

  // ---- cancelling the group ----

  @Test
  void cancel_cancelsEveryChildWithTheMessage_andTheCompletionSucceeds() {
    List<@Nullable String> seen = new ArrayList<>();
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    for (int i = 0; i < 3; i++) {
      recordCancel(group.adopt(future()), seen);
    }
    SourceFuture<String> fromPool = new SourceFuture<>();
    group.adopt(fromPool);
    LoopFuture<@Nullable Void> done = group.close();

    assertThat(group.cancel("user pressed stop")).isTrue();
    loop.runUntilComplete(done);

    assertThat(seen).containsExactly("user pressed stop", "user pressed stop", "user pressed stop");
    assertThat(Failures.cancelMessage(fromPool)).isEqualTo("user pressed stop");
    assertThat(done.result()).isNull();
    assertThat(group.cancel("again")).isFalse();
  }

  @Test
  void cancel_thenAChildFails_theCompletionFailsWithIt() {
    IllegalStateException cleanup = new IllegalStateException("cleanup");
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    RunningTask<String> running = new RunningTask<>();
    group.adopt(running);
    LoopFuture<@Nullable Void> done = group.close();
    group.cancel("stop");
    running.fail(cleanup);

    assertThat(catchFrom(done)).isSameAs(cleanup);
  }

  @Test
  void cancellingTheCompletionItself_cancelsTheChildrenWithItsMessage() {
    List<@Nullable String> seen = new ArrayList<>();
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    recordCancel(group.adopt(future()), seen);
    LoopFuture<@Nullable Void> done = group.close();

    assertThat(done.cancel("caller gave up")).isTrue();
    TestLoops.runUntilIdle(loop);

    assertThat(seen).containsExactly("caller gave up");
  }

  // ---- work added during shutdown (CPython #94398) ----

  @Test
  void workAddedWhileShuttingDown_isCancelledWithTheShutdownMessage_andNeverRuns() {
    AtomicBoolean lateRan = new AtomicBoolean();
    AtomicReference<LoopFuture<String>> late = new AtomicReference<>();
    SourceFuture<String> adoptedLate = new SourceFuture<>();
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    LoopFuture<String> sibling = future();
    sibling.addDoneCallback(cancelled -> {
      // a child adds work while the group shuts down
      late.set(group.start(() -> {
        lateRan.set(true);
        return future();
      }));
      group.adopt(adoptedLate);
    });
    group.adopt(sibling); // after the callback above, so the group is still waiting for it then
    LoopFuture<String> failing = group.adopt("failing", future());
    LoopFuture<@Nullable Void> done = group.close();
    failing.setException(new IllegalStateException("boom"));

    assertThat(catchFrom(done)).hasMessage("boom");
    assertThat(late.get().isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(late.get())).contains("'failing'");
    assertThat(adoptedLate.isCancelled()).isTrue();
    assertThat(lateRan).isFalse();
  }

  @Test
  void workAddedAfterCompletion_isRefused_andAnAdoptedFutureIsCancelled() {
    LoopTaskGroup group = LoopTaskGroup.open(loop, "done");
    group.close();
    LoopFuture<String> adopted = future();

    assertThatThrownBy(() -> group.adopt(adopted))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LoopTaskGroup[done, completed]");
    assertThat(adopted.isCancelled()).isTrue();
    assertThatThrownBy(() -> group.start(this::future)).isInstanceOf(IllegalStateException.class);
  }

  // ---- nested groups ----

  @Test
  void nestedGroup_outerFailureShutsTheInnerDown_andTheOuterWaitsForTheInnerChildren() {
    IllegalStateException boom = new IllegalStateException("outer child failed");
    RunningTask<String> innerRunning = new RunningTask<>();
    AtomicReference<LoopFuture<@Nullable Void>> innerDone = new AtomicReference<>();
    LoopTaskGroup outer = LoopTaskGroup.open(loop, "outer");
    LoopFuture<String> failing = outer.adopt(future());
    outer.start("inner", () -> {
      LoopTaskGroup inner = LoopTaskGroup.open(loop, "inner"); // nested: opened in a starter
      inner.adopt(innerRunning);
      innerDone.set(inner.close());
      return innerDone.get();
    });
    LoopFuture<@Nullable Void> outerDone = outer.close();
    TestLoops.runUntilIdle(loop);
    failing.setException(boom);
    TestLoops.runUntilIdle(loop);

    assertThat(innerRunning.cancelMessages).containsExactly(
        "cancelled by outer because its child #1 failed: java.lang.IllegalStateException: outer child failed");
    assertThat(outerDone.isDone()).isFalse(); // the inner group's child still runs
    assertThat(innerDone.get().isDone()).isFalse();
    innerRunning.complete("finished");

    assertThat(catchFrom(outerDone)).isSameAs(boom);
    assertThat(innerDone.get().isCancelled()).isTrue(); // the enclosing cancellation, not swallowed
    assertThat(Failures.cancelMessage(innerDone.get())).contains("outer child failed");
  }

  @Test
  void nestedGroups_bothFailing_theInnerFailureDoesNotSwallowTheOuterShutdown() {
    // CPython #116720: the inner group, shut down by the outer one, fails with its own child's
    // failure; that failure is handled, yet the outer group stays shut down: what is started in
    // it next is cancelled, and its completion fails with its own child's failure.
    IllegalArgumentException innerFailure = new IllegalArgumentException("inner");
    IllegalStateException outerFailure = new IllegalStateException("outer");
    RunningTask<String> innerChild = new RunningTask<>();
    RunningTask<String> straggler = new RunningTask<>();
    AtomicReference<LoopFuture<@Nullable Void>> innerDone = new AtomicReference<>();
    AtomicReference<@Nullable Throwable> handled = new AtomicReference<>();
    AtomicReference<LoopFuture<String>> next = new AtomicReference<>();
    AtomicBoolean nextRan = new AtomicBoolean();
    LoopTaskGroup outer = LoopTaskGroup.open(loop, "outer");
    LoopFuture<String> outerChild = outer.adopt(future());
    outer.start("body", () -> {
      LoopTaskGroup inner = LoopTaskGroup.open(loop, "inner");
      inner.adopt(innerChild);
      innerDone.set(inner.close());
      return innerDone.get();
    });
    outer.adopt("straggler", straggler); // keeps the outer group waiting after the inner is done
    LoopFuture<@Nullable Void> outerDone = outer.close();
    TestLoops.runUntilIdle(loop);
    LoopFutures.recover(innerDone.get(), e -> {
      handled.set(e); // the inner failure is handled, and the work goes on in the outer group
      next.set(outer.start(() -> {
        nextRan.set(true);
        return future();
      }));
      return null;
    });
    outerChild.setException(outerFailure);
    TestLoops.runUntilIdle(loop);
    innerChild.fail(innerFailure); // the inner child fails while being cancelled
    TestLoops.runUntilIdle(loop);

    assertThat(handled.get()).isSameAs(innerFailure);
    assertThat(next.get().isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(next.get())).contains("failed: java.lang.IllegalStateException: outer");
    assertThat(outerDone.isDone()).isFalse();
    straggler.complete("done");
    assertThat(catchFrom(outerDone)).isSameAs(outerFailure);
    assertThat(outerFailure.getSuppressed()).containsExactly(innerFailure);
    assertThat(nextRan).isFalse();
  }

  @Test
  void childrensFailures_areTheGroupsToReport_notReportedAgainAsNeverRetrieved() {
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    SourceFuture<String> fromPool = new SourceFuture<>();
    group.adopt(fromPool); // the view is dropped
    group.start(() -> {
      LoopFuture<String> f = future();
      f.setException(new IOException("started child failed"));
      return f;
    });
    fromPool.fail(new IOException("pool child failed"));
    assertThat(catchFrom(group.close())).isInstanceOf(CompletionException.class);
    LoopFuture<String> control = future();
    control.setException(new IOException("control"));
    control = null;

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> {
          System.gc();
          TestLoops.runUntilIdle(loop);
          return !neverRetrieved().isEmpty();
        });
    for (int i = 0; i < 5; i++) { // more collections give the others every chance to show up
      System.gc();
      TestLoops.runUntilIdle(loop);
    }
    assertThat(neverRetrieved()).singleElement().satisfies(r -> assertThat(r.exception()).hasMessage("control"));
  }

  private List<dev.tandem.loop.LoopErrorContext> neverRetrieved() {
    return handler.reports().stream()
        .filter(r -> r.message().equals("Future exception was never retrieved"))
        .toList();
  }

  // ---- threads, loops and bad input ----

  @Test
  void fromAForeignThreadWhileTheLoopRuns_everyMutatingCallIsRefused() throws Exception {
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    LoopFuture<String> keepOpen = group.adopt(future());
    LoopFuture<@Nullable Void> done = group.close();
    List<Throwable> refused = new ArrayList<>();
    CountDownLatch checked = new CountDownLatch(1);
    loop.callSoon(() -> {
      Thread foreign = new Thread(() -> {
        for (Runnable call :
            List.<Runnable>of(
                () -> group.adopt(new SourceFuture<String>()),
                () -> group.start(this::future),
                () -> group.cancel("x"),
                group::close,
                () -> LoopTaskGroup.open(loop))) {
          try {
            call.run();
          } catch (WrongThreadException e) {
            refused.add(e);
          }
        }
        checked.countDown();
        loop.callSoonThreadsafe(() -> keepOpen.setResult("done"));
      });
      foreign.start();
    });

    loop.runUntilComplete(done);

    checked.await();
    assertThat(refused).hasSize(5);
  }

  @Test
  void onAClosedLoop_openIsRefused() {
    loop.close();
    assertThatThrownBy(() -> LoopTaskGroup.open(loop)).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void closingTheLoop_cancelsTheCompletionAndTheViews() {
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    LoopFuture<String> view = group.adopt(new SourceFuture<String>());
    LoopFuture<@Nullable Void> done = group.close();
    loop.close();
    assertThat(done.isCancelled()).isTrue();
    assertThat(view.isCancelled()).isTrue();
  }

  @Test
  void badInput_isRefusedAtTheCallSite() {
    LoopTaskGroup group = LoopTaskGroup.open(loop);
    assertThatThrownBy(() -> group.adopt(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> group.start(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LoopTaskGroup.open(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LoopTaskGroup.open(loop, null)).isInstanceOf(NullPointerException.class);
    assertThat(group.close().isDone()).isTrue();
  }

  @Test
  void toString_saysTheNameAndTheState() {
    LoopTaskGroup group = LoopTaskGroup.open(loop, "orders");
    LoopFuture<String> child = group.adopt(future());
    assertThat(group).hasToString("LoopTaskGroup[orders, open, 1 pending]");
    group.close();
    assertThat(group).hasToString("LoopTaskGroup[orders, closing, 1 pending]");
    group.cancel("stop");
    assertThat(group).hasToString("LoopTaskGroup[orders, shutting down, 1 pending]");
    loop.runUntilComplete(group.close());
    assertThat(child.isCancelled()).isTrue();
    assertThat(group).hasToString("LoopTaskGroup[orders, completed]");
  }

  /** Runs the loop until {@code future} is done and returns its failure (unwrapped from result). */
  private Throwable catchFrom(AsyncFuture<?> future) {
    try {
      loop.runUntilComplete(future);
    } catch (CancelledException e) {
      throw new AssertionError("expected a failure, got a cancellation: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      return e;
    }
    throw new AssertionError("expected " + future + " to fail");
  }

  /**
   * An executor-kind future whose task is running: cancelling it is refused (it records the
   * message and returns false), and it completes when the test says so, on the test thread.
   */
  static final class RunningTask<T extends @Nullable Object> implements AsyncFuture<T> {
    final List<@Nullable String> cancelMessages = new ArrayList<>();
    private final SourceFuture<T> outcome = new SourceFuture<>();

    void complete(T value) {
      outcome.complete(value);
    }

    void fail(Throwable failure) {
      outcome.fail(failure);
    }

    @Override
    public boolean cancel() {
      return cancel(null);
    }

    @Override
    public synchronized boolean cancel(@Nullable String message) {
      cancelMessages.add(message);
      return false;
    }

    @Override
    public boolean isDone() {
      return outcome.isDone();
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public T result() {
      return outcome.result();
    }

    @Override
    public @Nullable Throwable exception() {
      return outcome.exception();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void addDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
      outcome.addDoneCallback(done -> ((Consumer<AsyncFuture<T>>) callback).accept(this));
    }

    @Override
    public int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
      return 0;
    }
  }
}
