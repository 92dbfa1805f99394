package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.RunningLoop;
import dev.tandem.api.WrongThreadException;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
final class EventLoopTest {
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

  // ---- what a loop keeps

  /**
   * The loop remembers the callback running now for the watchdog's report; once it stops, as
   * when it idles, it lets go of the last one, so nothing a callback captured outlives it.
   */
  @Test
  void aStoppedLoop_retainsNoCallbackItRan_norWhatThatCallbackCaptured() {
    Object[] captured = {new Object()};
    WeakReference<Object> value = new WeakReference<>(captured[0]);
    LoopFuture<String> future = loop.createFuture();
    future.addDoneCallback(capturing(captured[0]));
    captured[0] = null;
    loop.callSoon(() -> future.setResult("x"));
    loop.runForever(); // the done callback stops the loop: it is the last one the loop ran
    TestLoops.awaitCollected(value);
    assertThat(future.isDone()).isTrue();
  }

  private java.util.function.Consumer<dev.tandem.api.AsyncFuture<String>> capturing(Object held) {
    return f -> {
      if (held.hashCode() == System.identityHashCode(held)) {
        loop.stop();
      }
    };
  }

  // ---- callSoon and handles ----

  @Test
  void callSoon_runsCallbacksInFifoOrder_onTheLoopThread() {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      loop.callSoon(() -> seen.add(n + ":" + loop.inLoopThread()));
    }
    assertThat(seen).isEmpty();
    TestLoops.runUntilIdle(loop);
    assertThat(seen).containsExactly("0:true", "1:true", "2:true", "3:true", "4:true");
  }

  @Test
  void handleCancel_beforeRunning_returnsTrueOnceAndTheCallbackNeverRuns() {
    List<String> seen = new ArrayList<>();
    Handle h = loop.callSoon(() -> seen.add("cancelled one"));
    loop.callSoon(() -> seen.add("kept"));
    assertThat(h.cancel()).isTrue();
    assertThat(h.cancel()).isFalse();
    assertThat(h.isCancelled()).isTrue();
    assertThat(((LoopHandle) h).pendingCallback()).as("reference dropped").isNull();
    TestLoops.runUntilIdle(loop);
    assertThat(seen).containsExactly("kept");
  }

  @Test
  void handleCancel_afterItRan_orWhileRunning_returnsFalse() {
    AtomicReference<Handle> self = new AtomicReference<>();
    List<Boolean> cancelWhileRunning = new ArrayList<>();
    Handle h = loop.callSoon(() -> cancelWhileRunning.add(self.get().cancel()));
    self.set(h);
    TestLoops.runUntilIdle(loop);
    assertThat(cancelWhileRunning).containsExactly(false);
    assertThat(h.cancel()).isFalse();
    assertThat(h.isCancelled()).isFalse();
  }

  @Test
  void handleCancel_fromAnotherThread_racingTheLoop_hasExactlyOneWinner() throws Exception {
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("bg-race")) {
      int n = 2000;
      AtomicInteger ran = new AtomicInteger();
      int cancelled = 0;
      for (int i = 0; i < n; i++) {
        Handle h = background.loop().callSoonThreadsafe(ran::incrementAndGet);
        if (h.cancel()) {
          cancelled++;
        }
      }
      CountDownLatch drained = new CountDownLatch(1);
      background.loop().callSoonThreadsafe(drained::countDown);
      assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran.get() + cancelled).isEqualTo(n);
    }
  }

  @Test
  void callSoon_null_throwsAndNothingIsQueued() {
    assertThatThrownBy(() -> loop.callSoon(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> loop.callSoonThreadsafe(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(((DefaultEventLoop) loop).hasReadyWork()).isFalse();
  }

  @Test
  void throwingCallback_goesToTheHandler_andTheLoopGoesOn() {
    List<String> seen = new ArrayList<>();
    RuntimeException boom = new RuntimeException("boom");
    Runnable thrower =
        () -> {
          throw boom;
        };
    loop.callSoon(thrower);
    loop.callSoon(() -> seen.add("next"));
    TestLoops.runUntilIdle(loop);
    assertThat(seen).containsExactly("next");
    assertThat(handler.reports()).hasSize(1);
    assertThat(handler.reports().get(0).exception()).isSameAs(boom);
    assertThat(handler.reports().get(0).callbackDescription()).isEqualTo(thrower.toString());
    assertThat(handler.threads()).containsOnly(Thread.currentThread());
  }

  @Test
  void aThrowingExceptionHandler_doesNotStopTheLoop() {
    EventLoop l =
        EventLoops.builder()
            .exceptionHandler(
                (x, c) -> {
                  throw new IllegalStateException("handler broke (expected by the test)");
                })
            .build();
    try {
      List<String> seen = new ArrayList<>();
      l.callSoon(
          () -> {
            throw new RuntimeException("callback failure (expected by the test)");
          });
      l.callSoon(() -> seen.add("still running"));
      TestLoops.runUntilIdle(l);
      assertThat(seen).containsExactly("still running");
    } finally {
      l.close();
    }
  }

  // ---- callSoonThreadsafe ----

  @Test
  void callSoonThreadsafe_fromEightThreads_losesNothingAndKeepsEachThreadsOrder()
      throws Exception {
    int threads = 8;
    int perThread = 5_000;
    LoopFuture<Void> all = loop.createFuture();
    int[] count = new int[1];
    int[] lastSeen = new int[threads];
    java.util.Arrays.fill(lastSeen, -1);
    List<String> orderViolations = new ArrayList<>();
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread p =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                for (int i = 0; i < perThread; i++) {
                  int seq = i;
                  loop.callSoonThreadsafe(
                      () -> {
                        if (lastSeen[id] != seq - 1) {
                          orderViolations.add(id + ":" + seq);
                        }
                        lastSeen[id] = seq;
                        if (++count[0] == threads * perThread) {
                          all.setResult(null);
                        }
                      });
                }
              });
      producers.add(p);
    }
    loop.callSoon(() -> producers.forEach(Thread::start));
    loop.runUntilComplete(all);
    assertThat(count[0]).isEqualTo(threads * perThread);
    assertThat(orderViolations).isEmpty();
    for (Thread p : producers) {
      p.join();
    }
  }

  @Test
  void callSoonThreadsafe_wakesALoopThatSleepsWithNothingToDo() throws Exception {
    LoopFuture<String> f = loop.createFuture();
    CountDownLatch loopIsIdle = new CountDownLatch(1);
    Thread producer =
        new Thread(
            () -> {
              try {
                loopIsIdle.await();
              } catch (InterruptedException e) {
                return;
              }
              // the loop is (about to be) parked without timeout: only a wake-up gets it going
              loop.callSoonThreadsafe(() -> f.setResult("woken"));
            });
    producer.start();
    loop.callSoon(loopIsIdle::countDown);
    assertThat(loop.runUntilComplete(f)).isEqualTo("woken");
  }

  @Test
  void execute_isCallSoonThreadsafe() throws Exception {
    LoopFuture<String> f = loop.createFuture();
    Thread t = new Thread(() -> loop.execute(() -> f.setResult("via execute")));
    t.start();
    assertThat(loop.runUntilComplete(f)).isEqualTo("via execute");
  }

  // ---- timers ----

  @Test
  void timers_runInDeadlineOrder_tiesInSchedulingOrder_onAFakeClock() {
    List<String> seen = new ArrayList<>();
    LoopFuture<Void> last = loop.createFuture();
    loop.callLater(Duration.ofSeconds(3), () -> last.setResult(null));
    loop.callLater(Duration.ofSeconds(3), () -> seen.add("3s"));
    loop.callLater(Duration.ofSeconds(1), () -> seen.add("1s-a"));
    loop.callLater(Duration.ofSeconds(2), () -> seen.add("2s"));
    loop.callLater(Duration.ofSeconds(1), () -> seen.add("1s-b"));
    loop.callAt(clock.nanoTime() - 5, () -> seen.add("past"));
    loop.callSoon(() -> clock.advance(Duration.ofMillis(1500)));
    loop.callSoon(
        () ->
            loop.callSoon(
                () ->
                    loop.callSoon(
                        () -> {
                          seen.add("after 1.5s");
                          clock.advance(Duration.ofSeconds(2));
                        })));
    loop.runUntilComplete(last);
    assertThat(seen).containsExactly("past", "1s-a", "1s-b", "after 1.5s", "2s", "3s");
    assertThat(loop.time()).isEqualTo(Duration.ofMillis(3500).toNanos());
  }

  @Test
  void cancelledTimer_neverRuns() {
    List<String> seen = new ArrayList<>();
    Handle h = loop.callLater(Duration.ofSeconds(1), () -> seen.add("cancelled"));
    LoopFuture<Void> done = loop.createFuture();
    loop.callLater(Duration.ofSeconds(2), () -> done.setResult(null));
    assertThat(h.cancel()).isTrue();
    loop.callSoon(() -> clock.advance(Duration.ofSeconds(5)));
    loop.runUntilComplete(done);
    assertThat(seen).isEmpty();
  }

  @Test
  void manualClockAdvanceFromAnotherThread_wakesTheLoopForItsTimer() {
    LoopFuture<String> f = loop.createFuture();
    loop.callLater(Duration.ofHours(1), () -> f.setResult("an hour later"));
    loop.callSoon(() -> new Thread(() -> clock.advance(Duration.ofHours(1))).start());
    assertThat(loop.runUntilComplete(f)).isEqualTo("an hour later");
  }

  @Test
  void callLater_fromAnotherThreadWhileRunning_isInsertedByTheLoop() {
    LoopFuture<String> f = loop.createFuture();
    loop.callSoon(
        () ->
            new Thread(
                    () -> {
                      loop.callLater(Duration.ofSeconds(10), () -> f.setResult("timer"));
                      clock.advance(Duration.ofSeconds(10));
                    })
                .start());
    assertThat(loop.runUntilComplete(f)).isEqualTo("timer");
  }

  @Test
  void systemClock_timerFiresAfterItsDelay() {
    EventLoop real = EventLoops.newEventLoop();
    try {
      LoopFuture<Long> f = real.createFuture();
      long start = real.time();
      real.callLater(Duration.ofMillis(20), () -> f.setResult(real.time() - start));
      assertThat(real.runUntilComplete(f)).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    } finally {
      real.close();
    }
  }

  @Test
  void callLater_rejectsBadArguments() {
    assertThatThrownBy(() -> loop.callLater(Duration.ofSeconds(-1), () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> loop.callLater(null, () -> {}))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> loop.callLater(Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> loop.callAt(0, null)).isInstanceOf(NullPointerException.class);
  }

  // ---- running and stopping ----

  @Test
  void whileRunning_theThreadIsMarked_andUnmarkedAfter() {
    List<Object> seen = new ArrayList<>();
    loop.callSoon(
        () -> {
          seen.add(RunningLoop.current());
          seen.add(loop.isRunning());
          seen.add(loop.inLoopThread());
        });
    TestLoops.runUntilIdle(loop);
    assertThat(seen).containsExactly(loop, true, true);
    assertThat(RunningLoop.current()).isNull();
    assertThat(loop.isRunning()).isFalse();
    assertThat(loop.inLoopThread()).isFalse();
  }

  @Test
  void runUntilComplete_reEntrant_throwsIllegalState() {
    List<Throwable> thrown = new ArrayList<>();
    LoopFuture<String> other = loop.createFuture();
    loop.callSoon(
        () -> {
          try {
            loop.runUntilComplete(other);
          } catch (Throwable t) {
            thrown.add(t);
          }
          try {
            loop.runForever();
          } catch (Throwable t) {
            thrown.add(t);
          }
        });
    TestLoops.runUntilIdle(loop);
    assertThat(thrown).hasSize(2);
    assertThat(thrown.get(0))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running on this thread");
    assertThat(thrown.get(1)).isExactlyInstanceOf(IllegalStateException.class);
  }

  @Test
  void runUntilComplete_whileAnotherLoopRunsOnThisThread_throwsIllegalState() {
    EventLoop second = EventLoops.newEventLoop();
    try {
      List<Throwable> thrown = new ArrayList<>();
      loop.callSoon(
          () -> {
            try {
              second.runUntilComplete(second.createFuture());
            } catch (Throwable t) {
              thrown.add(t);
            }
          });
      TestLoops.runUntilIdle(loop);
      assertThat(thrown).singleElement().satisfies(t ->
          assertThat(t).isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("another event loop"));
    } finally {
      second.close();
    }
  }

  @Test
  void runUntilComplete_whenStoppedFirst_throwsIllegalState() {
    LoopFuture<String> never = loop.createFuture();
    loop.callSoon(loop::stop);
    assertThatThrownBy(() -> loop.runUntilComplete(never))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped before the future completed");
    assertThat(loop.isRunning()).isFalse();
  }

  @Test
  void stop_runsTheCallbacksOfTheCurrentIteration_butNotThoseTheySchedule() {
    List<String> seen = new ArrayList<>();
    loop.callSoon(loop::stop);
    loop.callSoon(() -> {
      seen.add("same iteration");
      loop.callSoon(() -> seen.add("next run"));
    });
    loop.runForever();
    assertThat(seen).containsExactly("same iteration");
    TestLoops.runUntilIdle(loop);
    assertThat(seen).containsExactly("same iteration", "next run");
  }

  @Test
  void stop_onALoopThatIsNotRunning_isHarmless() {
    loop.stop();
    LoopFuture<String> f = loop.createFuture();
    loop.callSoon(() -> loop.callSoon(() -> f.setResult("ran to completion")));
    assertThat(loop.runUntilComplete(f)).isEqualTo("ran to completion");
  }

  @Test
  void stop_fromAnotherThread_runsThatThreadsEarlierCallbacksFirst() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    loop.callSoon(
        () ->
            new Thread(
                    () -> {
                      loop.callSoonThreadsafe(() -> seen.add("before stop"));
                      loop.stop();
                    })
                .start());
    loop.runForever();
    assertThat(seen).containsExactly("before stop");
  }

  @Test
  void runUntilComplete_ofAFutureCompletedOnAnotherThread_returnsItsValue() {
    SourceFuture<String> source = new SourceFuture<>();
    loop.callSoon(() -> pool.execute(() -> source.complete("from pool")));
    assertThat(loop.runUntilComplete(source)).isEqualTo("from pool");
  }

  @Test
  void runUntilComplete_ofAFailedForeignFuture_throwsTheSameObject() {
    SourceFuture<String> source = new SourceFuture<>();
    IllegalStateException boom = new IllegalStateException("boom");
    loop.callSoon(() -> pool.execute(() -> source.fail(boom)));
    assertThatThrownBy(() -> loop.runUntilComplete(source)).isSameAs(boom);
    SourceFuture<String> cancelled = new SourceFuture<>();
    loop.callSoon(() -> pool.execute(() -> cancelled.cancel("went away")));
    assertThatThrownBy(() -> loop.runUntilComplete(cancelled))
        .isInstanceOf(CancelledException.class)
        .hasMessage("went away");
  }

  @Test
  void anInterruptWhileIdle_doesNotStopTheLoop_andIsKeptAfterTheRun() {
    LoopFuture<String> f = loop.createFuture();
    Thread me = Thread.currentThread();
    loop.callSoon(
        () ->
            new Thread(
                    () -> {
                      me.interrupt();
                      loop.callSoonThreadsafe(() -> f.setResult("after interrupt"));
                    })
                .start());
    assertThat(loop.runUntilComplete(f)).isEqualTo("after interrupt");
    assertThat(Thread.interrupted()).isTrue();
  }

  // ---- runInExecutor ----

  @Test
  void runInExecutor_completesTheLoopFutureOnTheLoop() {
    LoopFuture<String> f = loop.runInExecutor(pool, () -> Thread.currentThread().getName());
    List<Boolean> onLoop = new ArrayList<>();
    f.addDoneCallback(x -> onLoop.add(loop.inLoopThread()));
    assertThat(loop.runUntilComplete(f)).startsWith("pool-");
    TestLoops.runUntilIdle(loop);
    assertThat(onLoop).containsExactly(true);
  }

  @Test
  void runInExecutor_failure_isTheSameObject() {
    IOException io = new IOException("disk");
    LoopFuture<String> f =
        loop.runInExecutor(
            pool,
            () -> {
              throw io;
            });
    assertThatThrownBy(() -> loop.runUntilComplete(f))
        .isInstanceOf(CompletionException.class)
        .hasCause(io);
    assertThat(f.exception()).isSameAs(io);
  }

  @Test
  void runInExecutor_cancelledFuture_dropsTheLateResult() throws Exception {
    /*
     * One worker thread: the delivery is posted by the worker after the task returned (after
     * the finally below), so a post made by a task queued behind it on the same worker comes
     * later in the inbox and runs after the delivery. With two workers the later post could
     * overtake the delivery, and the loop would stop before the late result reached it.
     */
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch finished = new CountDownLatch(1);
      LoopFuture<String> f =
          loop.runInExecutor(
              worker,
              () -> {
                try {
                  release.await();
                  return "late";
                } finally {
                  finished.countDown();
                }
              });
      assertThat(f.cancel("not needed")).isTrue();
      release.countDown();
      assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
      LoopFuture<Void> after = loop.createFuture();
      worker.execute(() -> loop.callSoonThreadsafe(() -> after.setResult(null)));
      loop.runUntilComplete(after);
      assertThat(f.isCancelled()).isTrue();
      assertThat(handler.reports()).isEmpty();
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void runInExecutor_rejectedByTheExecutor_propagates() {
    assertThatThrownBy(
            () ->
                loop.runInExecutor(
                    r -> {
                      throw new RejectedExecutionException("full");
                    },
                    () -> "x"))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessage("full");
  }

  @Test
  void aCallbackThatKeepsReschedulingItself_doesNotStarveTimersOrThreadsafeWork() {
    LoopFuture<String> timerFired = loop.createFuture();
    LoopFuture<String> postFired = loop.createFuture();
    boolean[] keepGoing = {true};
    loop.callSoon(
        new Runnable() {
          @Override
          public void run() {
            if (keepGoing[0]) {
              loop.callSoon(this);
            }
          }
        });
    loop.callLater(Duration.ofSeconds(1), () -> timerFired.setResult("timer"));
    loop.callSoon(() -> clock.advance(Duration.ofSeconds(1)));
    loop.callSoon(() -> new Thread(() -> loop.callSoonThreadsafe(() -> postFired.setResult("post"))).start());
    LoopFuture<java.util.List<String>> both = LoopFutures.gather(loop, List.of(timerFired, postFired));
    both.addDoneCallback(f -> keepGoing[0] = false);
    assertThat(loop.runUntilComplete(both)).containsExactly("timer", "post");
  }

  // ---- closing ----

  @Test
  void futuresOfAClosedLoop_canStillBeCompleted_butTheirCallbacksNeverRun() {
    LoopFuture<String> f = loop.createFuture();
    List<String> seen = new ArrayList<>();
    f.addDoneCallback(x -> seen.add("pending registration"));
    loop.close();
    f.setResult("after close");
    f.addDoneCallback(x -> seen.add("late registration"));
    assertThat(f.result()).isEqualTo("after close");
    assertThat(seen).isEmpty();
    assertThat(((DefaultEventLoop) loop).hasReadyWork()).isFalse();
  }

  @Test
  void close_whileRunning_throwsIllegalState() {
    List<Throwable> thrown = new ArrayList<>();
    loop.callSoon(
        () -> {
          try {
            loop.close();
          } catch (Throwable t) {
            thrown.add(t);
          }
        });
    TestLoops.runUntilIdle(loop);
    assertThat(thrown).singleElement().isInstanceOf(IllegalStateException.class);
    assertThat(loop.isClosed()).isFalse();
  }

  @Test
  void close_dropsQueuedCallbacksAndTimers_andCancelsTheirHandles() throws Exception {
    List<String> seen = new ArrayList<>();
    Handle soon = loop.callSoon(() -> seen.add("soon"));
    Handle later = loop.callLater(Duration.ofSeconds(1), () -> seen.add("later"));
    Handle[] threadsafe = new Handle[1];
    Thread t = new Thread(() -> threadsafe[0] = loop.callSoonThreadsafe(() -> seen.add("ts")));
    t.start();
    t.join();
    LoopFuture<String> f = loop.createFuture();
    f.addDoneCallback(x -> seen.add("done callback"));
    f.setResult("v");
    loop.close();
    assertThat(soon.isCancelled()).isTrue();
    assertThat(later.isCancelled()).isTrue();
    assertThat(threadsafe[0].isCancelled()).isTrue();
    assertThat(seen).isEmpty();
    assertThat(loop.isClosed()).isTrue();
    loop.close(); // idempotent
  }

  @Test
  void close_cancelsOwnedWork_withAMessageSayingTheLoopClosed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    LoopFuture<String> fromExecutor =
        loop.runInExecutor(
            pool,
            () -> {
              release.await();
              return "too late";
            });
    SourceFuture<String> source = new SourceFuture<>();
    LoopFuture<String> view = LoopFutures.adopt(loop, source);
    LoopFuture<String> registered = LoopFutures.cancelOnClose(loop.<String>createFuture());
    LoopFuture<String> plain = loop.createFuture();
    loop.close();
    release.countDown();
    for (LoopFuture<String> f : List.of(fromExecutor, view, registered)) {
      assertThat(f.isCancelled()).isTrue();
      assertThatThrownBy(f::result)
          .isInstanceOf(CancelledException.class)
          .hasMessage("event loop closed");
    }
    assertThat(source.isCancelled()).as("cancelling the view cancels the source").isTrue();
    assertThatThrownBy(source::result).hasMessage("event loop closed");
    assertThat(plain.isDone()).as("not owned work: left alone").isFalse();
  }

  @Test
  void onClose_actionsRunAfterOwnedWorkIsCancelled_inOrder_andAThrowingOneIsReported() {
    LoopFuture<String> owned = LoopFutures.cancelOnClose(loop.<String>createFuture());
    List<String> seen = new ArrayList<>();
    loop.onClose(() -> seen.add("first sees owned cancelled: " + owned.isCancelled()));
    RuntimeException boom =
        new IllegalStateException("close action failure (expected by the test)");
    loop.onClose(
        () -> {
          throw boom;
        });
    loop.onClose(() -> seen.add("third"));
    loop.close();
    assertThat(seen).containsExactly("first sees owned cancelled: true", "third");
    assertThat(handler.reports())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.message()).isEqualTo("Exception in close action");
              assertThat(r.exception()).isSameAs(boom);
            });
  }

  @Test
  void onClose_racingClose_runsEveryActionExactlyOnce() throws Exception {
    int registrars = 4;
    int perThread = 500;
    AtomicIntegerArray runs =
        new AtomicIntegerArray(registrars * perThread);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < registrars; t++) {
      int base = t * perThread;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  int slot = base + i;
                  loop.onClose(() -> runs.incrementAndGet(slot));
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    loop.close();
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).as("action %d", i).isEqualTo(1);
    }
  }

  @Test
  void onClose_aDeregisteredActionLeavesTheRegistry() {
    CloseActions actions = new CloseActions();
    List<Handle> handles = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      handles.add(actions.add(() -> {}));
    }
    assertThat(handles.get(1).cancel()).isTrue();
    assertThat(actions.close()).hasSize(2);
    assertThat(actions.add(() -> {})).as("closed: the caller runs it").isNull();
  }

  @Test
  void loopOnlyInternals_assertTheirThread_andTheTestsRunWithAssertionsOn() {
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("bg-asserting")) {
      DefaultEventLoop running = (DefaultEventLoop) background.loop();
      assertThatThrownBy(running::hasReadyWork).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void schedulingOnAClosedLoop_isRejected() {
    loop.close();
    for (Runnable call :
        List.<Runnable>of(
            () -> loop.callSoon(() -> {}),
            () -> loop.callSoonThreadsafe(() -> {}),
            () -> loop.execute(() -> {}),
            () -> loop.callLater(Duration.ZERO, () -> {}),
            () -> loop.callAt(0, () -> {}),
            () -> loop.runInExecutor(pool, () -> "x"),
            loop::runForever,
            () -> loop.runUntilComplete(new SourceFuture<String>()))) {
      assertThatThrownBy(call::run)
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessage("event loop is closed");
    }
  }

  @Test
  void wrongThread_callSoon_namesBothThreads() throws Exception {
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("bg-owner")) {
      String me = Thread.currentThread().getName();
      assertThatThrownBy(() -> background.loop().callSoon(() -> {}))
          .isInstanceOf(WrongThreadException.class)
          .hasMessageContaining("'" + me + "'")
          .hasMessageContaining("'bg-owner'");
    }
  }
}
