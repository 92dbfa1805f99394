package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.CancelledException;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.RunningLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The thread-side task group: the behaviour of CPython's {@code test_taskgroups.py}, over
 * executor futures and loop futures. A child that has to be "running" blocks in a Tandem wait on
 * a future nobody completes, which the group's shutdown ends; nothing here sleeps.
 */
@Timeout(20)
final class TaskGroupTest {

  private final FutureExecutor pool = FutureExecutor.newFixedPool(4, "group-test");
  private final FakeLoop loop = new FakeLoop();

  @AfterEach
  void tearDown() {
    CancelScope.setCurrent(null); // a failed test must not leave its scope on the test thread
    pool.shutdown(false, true);
    loop.close();
  }

  /** A wait that only the group's shutdown (or an enclosing deadline) can end. */
  private static String blockUntilCancelled() throws Exception {
    return ExecutorFutures.<String>settable().result(Duration.ofMinutes(5));
  }

  // ---- waiting ----

  @Test
  void close_waitsForEveryChild_thenTheirResultsAreThere() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorFuture<Integer> a;
    ExecutorFuture<Integer> b;
    try (TaskGroup group = TaskGroup.open()) {
      a = group.submit(pool, () -> 42);
      b = group.submit(pool, () -> {
        release.await();
        return 11;
      });
      release.countDown();
    }
    assertThat(a.isDone()).isTrue();
    assertThat(b.isDone()).isTrue();
    assertThat(a.result() + b.result()).isEqualTo(53);
  }

  @Test
  void close_waitsForChildrenThatChildrenAdd() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    try (TaskGroup group = TaskGroup.open()) {
      group.submit(pool, () -> {
        // a child adds children from its own thread (CPython's test_taskgroup_24)
        group.submit(pool, ran::incrementAndGet);
        group.submit(pool, () -> group.submit(pool, ran::incrementAndGet));
        return ran.incrementAndGet();
      });
    }
    assertThat(ran).hasValue(3);
  }

  @Test
  void childCancelledOnItsOwn_isNotAFailure_andTheOthersCarryOn() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ExecutorFuture<String> cancelled;
    ExecutorFuture<String> other;
    try (TaskGroup group = TaskGroup.open()) {
      cancelled = group.adopt(ExecutorFutures.settable());
      other = group.submit(pool, () -> {
        started.await();
        return "finished";
      });
      cancelled.cancel("not needed");
      started.countDown();
    }
    assertThat(cancelled.isCancelled()).isTrue();
    assertThat(other.result()).isEqualTo("finished");
  }

  // ---- the first failure ----

  @Test
  void firstFailure_cancelsEverySibling_eachSeesTheMessageNamingTheFailedChild() throws Exception {
    FutureExecutor twoThreads = FutureExecutor.newFixedPool(2, "two");
    IllegalStateException boom = new IllegalStateException("boom");
    CountDownLatch siblingWaits = new CountDownLatch(1);
    CountDownLatch fail = new CountDownLatch(1);
    AtomicReference<CancellationException> seenByRunningSibling = new AtomicReference<>();
    AtomicBoolean queuedRan = new AtomicBoolean();
    LoopFuture<String>[] onLoop = newLoopFutures(1);
    loop.runOnLoop(() -> onLoop[0] = loop.createFuture());
    ExecutorFuture<String> queued;
    ExecutorFuture<String> loopChild;
    TaskGroup group = TaskGroup.open("checkout");
    group.submit("running", twoThreads, () -> {
      siblingWaits.countDown();
      try {
        return blockUntilCancelled();
      } catch (CancellationException e) {
        seenByRunningSibling.set(e);
        throw e;
      }
    });
    siblingWaits.await();
    group.submit("failing", twoThreads, () -> {
      fail.await();
      throw boom;
    });
    queued = group.submit("queued", twoThreads, () -> {
      queuedRan.set(true);
      return "ran";
    });
    loopChild = group.adopt("on the loop", onLoop[0]);
    fail.countDown();

    Throwable thrown = catchThrowable(group::close);

    assertThat(thrown).isSameAs(boom);
    assertThat(seenByRunningSibling.get())
        .isInstanceOf(CancelledException.class)
        .hasMessageContaining("checkout")
        .hasMessageContaining("'failing'")
        .hasMessageContaining("boom");
    assertThat(queued.isCancelled()).isTrue();
    assertThat(queuedRan).isFalse();
    assertThat(Failures.cancelMessage(queued)).isEqualTo(seenByRunningSibling.get().getMessage());
    assertThat(loopChild.isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(loopChild)).contains("'failing'");
    loop.runOnLoop(() -> assertThat(Failures.cancelMessage(onLoop[0])).contains("'failing'"));
    twoThreads.close();
  }

  @Test
  void failures_areAggregated_theFirstIsThrownWithTheLaterOnesSuppressed() throws Exception {
    CountDownLatch waiting = new CountDownLatch(2);
    IOException first = new IOException("first");
    List<IllegalStateException> cleanupFailures = new ArrayList<>();
    TaskGroup group = TaskGroup.open();
    for (int i = 0; i < 2; i++) {
      IllegalStateException cleanup = new IllegalStateException("cleanup " + i);
      cleanupFailures.add(cleanup);
      group.submit(pool, () -> {
        try {
          waiting.countDown();
          return blockUntilCancelled();
        } finally {
          throw cleanup; // fails while being cancelled (CPython's test_taskgroup_19)
        }
      });
    }
    waiting.await();
    group.submit(pool, () -> {
      throw first;
    });

    Throwable thrown = catchThrowable(group::close);

    // A checked failure comes wrapped, as result() throws it; the object inside is the original.
    assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseReference(first);
    assertThat(first.getSuppressed()).containsExactlyInAnyOrderElementsOf(cleanupFailures);
  }

  @Test
  void failureOfAChild_reachesTheCallerAsTheSameObject_fromEveryKindOfChild() throws Exception {
    IllegalArgumentException fromLoop = new IllegalArgumentException("from the loop");
    TaskGroup group = TaskGroup.open();
    group.startOnLoop(loop, () -> {
      LoopFuture<String> f = loop.createFuture();
      f.setException(fromLoop);
      return f;
    });

    assertThatThrownBy(group::close).isSameAs(fromLoop);
  }

  @Test
  void blockThatReadsTheFailedChild_propagatesThatFailure_closeAttachesTheOthersAndDoesNotThrowIt()
      throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException later = new IllegalStateException("later");
    CountDownLatch waiting = new CountDownLatch(1);
    Throwable thrown =
        catchThrowable(
            () -> {
              try (TaskGroup group = TaskGroup.open()) {
                group.submit(pool, () -> {
                  try {
                    waiting.countDown();
                    return blockUntilCancelled();
                  } finally {
                    throw later;
                  }
                });
                waiting.await();
                ExecutorFuture<String> failing = group.submit(pool, () -> {
                  throw boom;
                });
                failing.result(Duration.ofSeconds(10)); // throws boom out of the block
              }
            });

    // Without the rule, try-with-resources would call boom.addSuppressed(boom) and fail.
    assertThat(thrown).isSameAs(boom);
    assertThat(boom.getSuppressed()).containsExactly(later);
  }

  @Test
  void groupWaitsInAChild_endWithTheGroupsShutdown() throws Exception {
    CountDownLatch waiting = new CountDownLatch(2);
    AtomicReference<Throwable> fromWait = new AtomicReference<>();
    AtomicReference<Throwable> fromNext = new AtomicReference<>();
    TaskGroup group = TaskGroup.open();
    group.submit(pool, () -> {
      waiting.countDown();
      fromWait.set(catchThrowable(() ->
          FutureWaits.wait(List.of(ExecutorFutures.settable()), dev.tandem.api.ReturnWhen.ALL_COMPLETED)));
      return "done";
    });
    group.submit(pool, () -> {
      waiting.countDown();
      fromNext.set(catchThrowable(() -> FutureWaits.asCompleted(List.of(ExecutorFutures.settable())).next()));
      return "done";
    });
    waiting.await();
    group.submit("failing", pool, () -> {
      throw new IllegalStateException("boom");
    });

    assertThatThrownBy(group::close).hasMessage("boom");
    assertThat(fromWait.get()).isInstanceOf(CancelledException.class).hasMessageContaining("'failing'");
    assertThat(fromNext.get()).isInstanceOf(CancelledException.class).hasMessageContaining("'failing'");
  }

  @Test
  void ensureActive_stopsACpuBoundChildOnceASiblingFailed() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    CountDownLatch computing = new CountDownLatch(1);
    TaskGroup group = TaskGroup.open();
    ExecutorFuture<Integer> cpuBound = group.submit(pool, () -> {
      while (true) { // no wait in here: only the checkpoint can stop it
        batches.incrementAndGet();
        computing.countDown();
        TaskGroup.ensureActive();
      }
    });
    computing.await();
    group.submit("failing", pool, () -> {
      throw new IllegalStateException("boom");
    });

    assertThatThrownBy(group::close).hasMessage("boom");
    assertThat(cpuBound.exception()).isInstanceOf(CancelledException.class).hasMessageContaining("'failing'");
    assertThat(batches.get()).isPositive();
  }

  @Test
  void ensureActive_outsideEveryScope_andInAScopeThatRuns_returns() {
    TaskGroup.ensureActive();
    try (TaskGroup group = TaskGroup.open()) {
      TaskGroup.ensureActive();
      group.cancel("stop");
      assertThatThrownBy(TaskGroup::ensureActive).isInstanceOf(CancelledException.class).hasMessage("stop");
    }
  }

  // ---- cancelling the group ----

  @Test
  void cancel_cancelsEveryChildWithTheMessage_andCloseReturnsNormally() throws Exception {
    CountDownLatch waiting = new CountDownLatch(3);
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    TaskGroup group = TaskGroup.open();
    for (int i = 0; i < 3; i++) {
      group.submit(pool, () -> {
        waiting.countDown();
        try {
          return blockUntilCancelled();
        } catch (CancellationException e) {
          seen.add(e.getMessage());
          throw e;
        }
      });
    }
    ExecutorFuture<String> pendingView = group.adopt(ExecutorFutures.settable());
    waiting.await();

    Thread other = new Thread(() -> assertThat(group.cancel("user pressed stop")).isTrue());
    other.start();
    other.join();

    group.close(); // does not throw: cancelling a group is how it is stopped (CPython 3.14)
    assertThat(seen).containsExactly("user pressed stop", "user pressed stop", "user pressed stop");
    assertThat(Failures.cancelMessage(pendingView)).isEqualTo("user pressed stop");
    assertThat(group.cancel("again")).isFalse();
  }

  @Test
  void cancel_thenAChildFails_closeStillThrowsTheFailure() throws Exception {
    IllegalStateException cleanup = new IllegalStateException("cleanup failed");
    CountDownLatch waiting = new CountDownLatch(1);
    TaskGroup group = TaskGroup.open();
    group.submit(pool, () -> {
      try {
        waiting.countDown();
        return blockUntilCancelled();
      } finally {
        throw cleanup;
      }
    });
    waiting.await();
    group.cancel("stop");

    assertThatThrownBy(group::close).isSameAs(cleanup);
  }

  // ---- work added during shutdown (CPython #94398) ----

  @Test
  void workAddedWhileShuttingDown_isCancelledWithTheShutdownMessage_andNeverRuns() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean lateRan = new AtomicBoolean();
    AtomicReference<ExecutorFuture<String>> late = new AtomicReference<>();
    AtomicReference<ExecutorFuture<String>> lateOnLoop = new AtomicReference<>();
    SettableExecutorFuture<String> adoptedLate = ExecutorFutures.settable();
    TaskGroup group = TaskGroup.open();
    group.submit(pool, () -> {
      try {
        waiting.countDown();
        return blockUntilCancelled();
      } catch (CancellationException e) {
        // adding work while the group shuts down (CPython's test_taskgroup_no_create_task_after_failure)
        late.set(group.submit(pool, () -> {
          lateRan.set(true);
          return "late";
        }));
        lateOnLoop.set(group.startOnLoop(loop, () -> {
          lateRan.set(true);
          return loop.createFuture();
        }));
        group.adopt(adoptedLate);
        throw e;
      }
    });
    waiting.await();
    group.submit("failing", pool, () -> {
      throw new IllegalStateException("boom");
    });

    assertThatThrownBy(group::close).hasMessage("boom");
    assertThat(late.get().isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(late.get())).contains("'failing'");
    assertThat(lateOnLoop.get().isCancelled()).isTrue();
    assertThat(adoptedLate.isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(adoptedLate)).contains("'failing'");
    loop.drain();
    assertThat(lateRan).isFalse();
  }

  @Test
  void workAddedAfterClose_isRefused_andAnAdoptedFutureIsCancelledNotLeftBehind() {
    TaskGroup group = TaskGroup.open("done");
    group.close();
    SettableExecutorFuture<String> adopted = ExecutorFutures.settable();

    assertThatThrownBy(() -> group.submit(pool, () -> "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TaskGroup[done, closed]");
    assertThatThrownBy(() -> group.adopt(adopted)).isInstanceOf(IllegalStateException.class);
    assertThat(adopted.isCancelled()).isTrue();
  }

  // ---- nested groups ----

  @Test
  void nestedGroup_outerFailureCancelsTheInnerChildren_andInnerCloseThrowsTheOuterCancellation()
      throws Exception {
    CountDownLatch innerWaiting = new CountDownLatch(1);
    AtomicReference<Throwable> fromInnerClose = new AtomicReference<>();
    IllegalStateException boom = new IllegalStateException("outer child failed");
    TaskGroup outer = TaskGroup.open("outer");
    outer.submit(pool, () -> {
      innerWaiting.await();
      throw boom;
    });
    try (TaskGroup inner = TaskGroup.open("inner")) {
      inner.submit(pool, () -> {
        innerWaiting.countDown();
        return blockUntilCancelled();
      });
    } catch (CancellationException e) {
      fromInnerClose.set(e);
    }

    assertThatThrownBy(outer::close).isSameAs(boom);
    assertThat(fromInnerClose.get()).hasMessageContaining("outer").hasMessageContaining("outer child failed");
  }

  @Test
  void nestedGroups_bothFailing_theInnerFailureDoesNotSwallowTheOuterCancellation() throws Exception {
    // CPython #116720 (test_nested_groups_both_cancelled): the block handles the inner group's
    // failure, yet the outer group's shutdown still stops what the block does next.
    IllegalArgumentException innerFailure = new IllegalArgumentException("inner");
    IllegalStateException outerFailure = new IllegalStateException("outer");
    CountDownLatch innerWaiting = new CountDownLatch(1);
    AtomicReference<Throwable> caught = new AtomicReference<>();
    AtomicReference<Throwable> nextWait = new AtomicReference<>();
    TaskGroup outer = TaskGroup.open("outer");
    try {
      try (TaskGroup inner = TaskGroup.open("inner")) {
        inner.submit(pool, () -> {
          try {
            innerWaiting.countDown();
            return blockUntilCancelled();
          } finally {
            throw innerFailure;
          }
        });
        innerWaiting.await();
        outer.submit(pool, () -> {
          throw outerFailure;
        });
      }
    } catch (IllegalArgumentException e) {
      caught.set(e);
    }
    nextWait.set(catchThrowable(() -> ExecutorFutures.settable().result(Duration.ofMinutes(5))));

    assertThat(caught.get()).isSameAs(innerFailure);
    assertThat(nextWait.get())
        .isInstanceOf(CancelledException.class)
        .hasMessageContaining("outer")
        .hasMessageContaining("failed: java.lang.IllegalStateException: outer");
    assertThatThrownBy(outer::close).isSameAs(outerFailure);
  }

  // ---- call(): the body's own exceptions ----

  @Test
  void call_bodyFails_theChildrenAreCancelled_andTheBodysFailureIsThrown() throws Exception {
    IllegalStateException bodyFailure = new IllegalStateException("body");
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<ExecutorFuture<String>> child = new AtomicReference<>();
    AtomicReference<ExecutorFuture<String>> adopted = new AtomicReference<>();

    Throwable thrown =
        catchThrowable(
            () ->
                TaskGroup.call(group -> {
                  child.set(group.submit(pool, () -> {
                    waiting.countDown();
                    return blockUntilCancelled();
                  }));
                  adopted.set(group.adopt(ExecutorFutures.settable()));
                  waiting.await();
                  throw bodyFailure; // CPython's test_taskgroup_09
                }));

    assertThat(thrown).isSameAs(bodyFailure);
    assertThat(child.get().isDone()).isTrue();
    assertThat(child.get().exception()).isInstanceOf(CancellationException.class);
    assertThat(Failures.cancelMessage(adopted.get())).contains("its body failed").contains("body");
  }

  @Test
  void call_bodyCancelledByTheGroupsShutdown_givesWayToTheChildsFailure() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicBoolean bodyCancelled = new AtomicBoolean();

    Throwable thrown =
        catchThrowable(
            () ->
                TaskGroup.call("runner", group -> {
                  group.submit(pool, () -> {
                    throw boom;
                  });
                  try {
                    return blockUntilCancelled(); // CPython's test_cancel_children_on_child_error
                  } catch (CancellationException e) {
                    bodyCancelled.set(true);
                    throw e;
                  }
                }));

    assertThat(bodyCancelled).isTrue();
    assertThat(thrown).isSameAs(boom);
  }

  @Test
  void call_cancellationFromElsewhereInTheBody_shutsTheGroupDown_andIsRethrown() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<ExecutorFuture<String>> child = new AtomicReference<>();
    CancelledException elsewhere = new CancelledException("the request was cancelled");

    Throwable thrown =
        catchThrowable(
            () ->
                TaskGroup.call(group -> {
                  child.set(group.submit(pool, () -> {
                    waiting.countDown();
                    return blockUntilCancelled();
                  }));
                  waiting.await();
                  throw elsewhere;
                }));

    assertThat(thrown).isSameAs(elsewhere);
    assertThat(child.get().exception()).hasMessage("the request was cancelled");
  }

  @Test
  void call_returnsTheBodysValueOnceEveryChildIsDone() throws Exception {
    AtomicReference<ExecutorFuture<Integer>> child = new AtomicReference<>();
    String value =
        TaskGroup.call(group -> {
          child.set(group.submit(pool, () -> 6 * 7));
          return "body";
        });
    assertThat(value).isEqualTo("body");
    assertThat(child.get().result()).isEqualTo(42);
  }

  // ---- threads ----

  @Test
  void close_onALoopThread_failsFast_cancelsTheChildren_andClosesTheGroup() throws Exception {
    TaskGroup group = TaskGroup.open("on-loop");
    SettableExecutorFuture<String> child = ExecutorFutures.settable();
    group.adopt(child);
    try (RunningLoop.Scope onLoop = OnLoopThread.enter()) {
      assertThatThrownBy(group::close)
          .isInstanceOf(BlockingOnLoopException.class)
          .hasMessageContaining("on-loop");
    }
    assertThat(child.isCancelled()).isTrue();
    assertThat(Failures.cancelMessage(child)).contains("event loop's thread");
    assertThatThrownBy(() -> group.submit(pool, () -> "x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_onALoopThread_withEveryChildDone_returns() {
    TaskGroup group = TaskGroup.open();
    group.adopt(ExecutorFutures.completed("done"));
    try (RunningLoop.Scope onLoop = OnLoopThread.enter()) {
      group.close();
    }
  }

  @Test
  void close_fromAnotherThread_isRefused_andChangesNothing() throws Exception {
    TaskGroup group = TaskGroup.open("mine");
    AtomicReference<Throwable> refused = new AtomicReference<>();
    Thread other = new Thread(() -> refused.set(catchThrowable(group::close)), "intruder");
    other.start();
    other.join();
    assertThat(refused.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("intruder");
    ExecutorFuture<Integer> stillAccepted = group.submit(pool, () -> 1);
    group.close();
    assertThat(stillAccepted.result()).isEqualTo(1);
  }

  @Test
  void close_whileAGroupOpenedInsideIsStillOpen_isRefused() {
    TaskGroup outer = TaskGroup.open("outer");
    TaskGroup inner = TaskGroup.open("inner");
    assertThatThrownBy(outer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inner");
    inner.close();
    outer.close();
  }

  @Test
  void interruptWhileClosing_cancelsTheChildren_waitsForThem_thenThrowsWithTheFlagSet()
      throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<Throwable> fromClose = new AtomicReference<>();
    AtomicBoolean flagAfterClose = new AtomicBoolean();
    AtomicReference<ExecutorFuture<String>> child = new AtomicReference<>();
    Thread closer =
        new Thread(
            () -> {
              TaskGroup group = TaskGroup.open("interrupted");
              child.set(group.submit(pool, () -> {
                waiting.countDown();
                return blockUntilCancelled();
              }));
              fromClose.set(catchThrowable(group::close));
              flagAfterClose.set(Thread.interrupted());
            });
    closer.start();
    waiting.await();
    await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.WAITING);
    closer.interrupt();
    closer.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(fromClose.get()).isInstanceOf(CancelledException.class).hasMessageContaining("interrupted");
    assertThat(flagAfterClose).isTrue();
    assertThat(child.get().exception()).hasMessageContaining("interrupted");
  }

  // ---- scale and mixed kinds ----

  @Test
  void tenThousandVirtualThreads_task5000Fails_noTaskIsStillRunningWhenCloseThrows() throws Exception {
    assumeTrue(FutureExecutor.virtualThreadsAvailable(), "virtual threads need JDK 21+");
    IllegalStateException boom = new IllegalStateException("task 5000 failed");
    AtomicInteger running = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    List<ExecutorFuture<String>> children = new ArrayList<>();
    try (FutureExecutor virtual = FutureExecutor.newVirtualThreadPerTask()) {
      TaskGroup group = TaskGroup.open("ten-thousand");
      for (int i = 1; i <= 10_000; i++) {
        int n = i;
        children.add(group.submit(virtual, () -> {
          running.incrementAndGet();
          started.incrementAndGet();
          try {
            if (n == 5_000) {
              throw boom;
            }
            return blockUntilCancelled();
          } finally {
            running.decrementAndGet();
          }
        }));
      }

      Throwable thrown = catchThrowable(group::close);

      assertThat(running).hasValue(0);
      assertThat(thrown).isSameAs(boom);
      assertThat(children).allMatch(ExecutorFuture::isDone);
      long neverStarted = children.stream().filter(ExecutorFuture::isCancelled).count();
      assertThat(started.get() + neverStarted).isEqualTo(10_000);
    }
  }

  @Test
  void mixedChildren_poolTaskLoopStartAndAdoptedLoopFuture_inOneGroup() throws Exception {
    LoopFuture<String>[] adoptedOnLoop = newLoopFutures(1);
    loop.runOnLoop(() -> adoptedOnLoop[0] = loop.createFuture());
    ExecutorFuture<Integer> fromPool;
    ExecutorFuture<String> startedOnLoop;
    ExecutorFuture<String> adopted;
    try (TaskGroup group = TaskGroup.open("mixed")) {
      fromPool = group.submit(pool, () -> 6 * 7);
      startedOnLoop = group.startOnLoop("loop-start", loop, () -> {
        assertThat(loop.inLoopThread()).isTrue();
        LoopFuture<String> f = loop.createFuture();
        loop.callSoon(() -> f.setResult("from the loop"));
        return f;
      });
      adopted = group.adopt(adoptedOnLoop[0]);
      loop.callSoonThreadsafe(() -> adoptedOnLoop[0].setResult("adopted"));
    }
    assertThat(fromPool.result()).isEqualTo(42);
    assertThat(startedOnLoop.result()).isEqualTo("from the loop");
    assertThat(adopted.result()).isEqualTo("adopted");
  }

  @Test
  void loopChildFailure_cancelsAPoolSibling_andAPoolFailureCancelsALoopSibling() throws Exception {
    IllegalStateException fromLoop = new IllegalStateException("loop child failed");
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<Throwable> poolSibling = new AtomicReference<>();
    TaskGroup first = TaskGroup.open();
    first.submit(pool, () -> {
      try {
        waiting.countDown();
        return blockUntilCancelled();
      } catch (CancellationException e) {
        poolSibling.set(e);
        throw e;
      }
    });
    waiting.await();
    first.startOnLoop("loop", loop, () -> {
      LoopFuture<String> f = loop.createFuture();
      loop.callSoon(() -> f.setException(fromLoop));
      return f;
    });
    assertThatThrownBy(first::close).isSameAs(fromLoop);
    assertThat(poolSibling.get()).hasMessageContaining("'loop'");

    LoopFuture<String>[] onLoop = newLoopFutures(1);
    TaskGroup second = TaskGroup.open();
    ExecutorFuture<String> loopSibling = second.startOnLoop(loop, () -> onLoop[0] = loop.createFuture());
    loop.drain(); // the starter has run
    second.submit("pool", pool, () -> {
      throw new IllegalArgumentException("pool child failed");
    });
    assertThatThrownBy(second::close).hasMessage("pool child failed");
    assertThat(Failures.cancelMessage(loopSibling)).contains("'pool'");
    loop.runOnLoop(() -> assertThat(onLoop[0].isCancelled()).isTrue());
  }

  @Test
  void startOnLoop_onAClosedLoop_isRefusedAtTheCallSite_andTheGroupIsNotStuck() {
    FakeLoop closed = new FakeLoop();
    closed.close();
    TaskGroup group = TaskGroup.open();
    assertThatThrownBy(() -> group.startOnLoop(closed, closed::createFuture))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    group.close();
  }

  @Test
  void adoptedLoopFuture_whoseLoopClosesWhilePending_countsAsCancelled() throws Exception {
    FakeLoop closing = new FakeLoop();
    LoopFuture<String>[] onLoop = newLoopFutures(1);
    closing.runOnLoop(() -> onLoop[0] = closing.createFuture());
    TaskGroup group = TaskGroup.open();
    ExecutorFuture<String> view = group.adopt(onLoop[0]);
    closing.drain();
    closing.close();
    group.close();
    assertThat(view.isCancelled()).isTrue();
  }

  @Test
  void toString_saysTheNameAndTheState() throws Exception {
    TaskGroup group = TaskGroup.open("orders");
    SettableExecutorFuture<String> child = ExecutorFutures.settable();
    group.adopt(child);
    assertThat(group).hasToString("TaskGroup[orders, open, 1 pending]");
    group.cancel("stop");
    assertThat(group).hasToString("TaskGroup[orders, shutting down, 0 pending]");
    group.close();
    assertThat(group).hasToString("TaskGroup[orders, closed]");
  }

  @SuppressWarnings("unchecked")
  private static <T> LoopFuture<T>[] newLoopFutures(int n) {
    return (LoopFuture<T>[]) new LoopFuture<?>[n];
  }
}
