package dev.tandem.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.WrongThreadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The documented contract of {@link EventLoop}: order, threads, timers, handles, futures bound
 * to the loop, the lifecycle, closing and its {@link EventLoop#onClose} actions, and bad input.
 * Subclass it once per loop implementation and provide {@link #newLoop()}.
 *
 * <h2>Hooks for running the loop</h2>
 *
 * The suite never calls {@link EventLoop#runForever()} itself; it asks {@link
 * #startRunning(EventLoop)} and {@link #stopRunning(EventLoop)}. The defaults run the loop on a
 * thread of the suite's own, which suits every loop that runs on the thread that calls {@code
 * runForever}. A loop hosted on someone else's thread (a Netty event loop, a UI thread)
 * overrides both: start means "attached to its host thread and running callbacks", stop means
 * "not running and still open", so callbacks can be queued and then dropped by {@code close()}.
 * Everything else goes through the loop's public methods only; a test that needs the loop
 * thread gets there with {@code callSoonThreadsafe}.
 *
 * <p>Timers are checked on the loop's real clock with delays of a few tens of milliseconds, by
 * order and by "not before the deadline", never by an upper bound, so a slow machine cannot make
 * them fail. Every test has a timeout and no test sleeps.
 */
@Timeout(20)
public abstract class EventLoopContract {
  /** How long the suite waits for something the loop should do soon. */
  protected static final long WAIT_SECONDS = 10;

  private @Nullable Thread runner;
  protected EventLoop loop;

  /** A new open loop, not running (or, for a hosted loop, in the state it starts in). */
  protected abstract EventLoop newLoop();

  /**
   * Makes {@code loop} run and returns once it does ({@link EventLoop#isRunning()} true). The
   * default runs {@link EventLoop#runForever()} on a new daemon thread named {@code
   * "contract-loop"}.
   */
  protected void startRunning(EventLoop loop) throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    loop.callSoonThreadsafe(running::countDown);
    Thread t = new Thread(loop::runForever, "contract-loop");
    t.setDaemon(true);
    runner = t;
    t.start();
    assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS), "the loop did not start running");
  }

  /**
   * Makes a running {@code loop} stop, leaving it open, and returns once it is no longer running.
   * The default calls {@link EventLoop#stop()} and joins the thread {@link #startRunning} made.
   */
  protected void stopRunning(EventLoop loop) throws Exception {
    loop.stop();
    Thread t = runner;
    if (t != null) {
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertFalse(t.isAlive(), "the loop did not stop");
      runner = null;
    }
  }

  @BeforeEach
  final void createLoop() {
    loop = newLoop();
  }

  @AfterEach
  final void disposeLoop() throws Exception {
    if (loop.isRunning()) {
      stopRunning(loop);
    }
    loop.close();
  }

  /** Runs {@code action} on the running loop's thread and returns what it returned. */
  protected final <T extends @Nullable Object> T onLoop(Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.callSoonThreadsafe(
        () -> {
          try {
            result.complete(action.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    try {
      return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw e;
    }
  }

  /** Waits until the loop has run everything queued before this call, from this thread. */
  protected final void drain() throws Exception {
    onLoop(() -> null);
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), what);
  }

  // ---- order and threads ----

  @Test
  void callSoon_runsCallbacksInFifoOrder_onTheLoopThread() throws Exception {
    startRunning(loop);
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> onLoop = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    onLoop(
        () -> {
          for (int i = 0; i < 5; i++) {
            int n = i;
            loop.callSoon(
                () -> {
                  order.add(n);
                  onLoop.add(loop.inLoopThread());
                });
          }
          loop.callSoon(done::countDown);
          return null;
        });
    await(done, "the callbacks did not run");
    assertEquals(List.of(0, 1, 2, 3, 4), order);
    assertEquals(List.of(true, true, true, true, true), onLoop);
  }

  @Test
  void callSoon_neverRunsTheCallbackInline() throws Exception {
    startRunning(loop);
    AtomicInteger ran = new AtomicInteger();
    int seenInline =
        onLoop(
            () -> {
              loop.callSoon(ran::incrementAndGet);
              return ran.get();
            });
    drain();
    assertEquals(0, seenInline);
    assertEquals(1, ran.get());
  }

  @Test
  void callSoon_beforeTheLoopRuns_runsOnceItRuns() throws Exception {
    assumeFalse(loop.isRunning(), "a loop that starts running has no set-up phase");
    CountDownLatch ran = new CountDownLatch(1);
    loop.callSoon(ran::countDown);
    startRunning(loop);
    await(ran, "a callback scheduled during set-up did not run");
  }

  @Test
  void callSoonThreadsafe_fromOtherThreads_keepsEachThreadsOrder_andHappensBefore()
      throws Exception {
    startRunning(loop);
    int threads = 4;
    int perThread = 200;
    int[][] written = new int[threads][perThread]; // plain writes, read on the loop thread
    List<List<Integer>> seen = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      seen.add(new ArrayList<>()); // touched only on the loop thread
    }
    AtomicInteger stale = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(threads * perThread);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      producers.add(
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  int n = i;
                  written[id][n] = n + 1;
                  loop.callSoonThreadsafe(
                      () -> {
                        if (written[id][n] != n + 1) {
                          stale.incrementAndGet();
                        }
                        seen.get(id).add(n);
                        all.countDown();
                      });
                }
              },
              "contract-producer-" + t));
    }
    producers.forEach(Thread::start);
    await(all, "callbacks were lost");
    for (Thread p : producers) {
      p.join();
    }
    assertEquals(0, stale.get(), "a callback did not see what its thread wrote before");
    List<List<Integer>> copy = onLoop(() -> new ArrayList<>(seen));
    for (List<Integer> one : copy) {
      for (int i = 0; i < perThread; i++) {
        assertEquals(i, one.get(i), "one thread's callbacks ran out of order");
      }
    }
  }

  @Test
  void callSoonThreadsafe_wakesALoopWithNothingToDo() throws Exception {
    startRunning(loop);
    drain(); // the loop had work and is now idle
    for (int i = 0; i < 3; i++) {
      CountDownLatch ran = new CountDownLatch(1);
      loop.callSoonThreadsafe(ran::countDown);
      await(ran, "an idle loop was not woken");
    }
  }

  @Test
  void execute_isCallSoonThreadsafe_inOneFifoOrder() throws Exception {
    startRunning(loop);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    loop.callSoonThreadsafe(() -> order.add("a"));
    loop.execute(() -> order.add("b"));
    loop.callSoonThreadsafe(() -> order.add("c"));
    loop.execute(
        () -> {
          order.add(loop.inLoopThread() ? "d on loop" : "d elsewhere");
          done.countDown();
        });
    await(done, "execute did not run the command");
    assertEquals(List.of("a", "b", "c", "d on loop"), order);
  }

  @Test
  void inLoopThread_isTrueOnlyInTheLoopsCallbacks() throws Exception {
    assertFalse(loop.inLoopThread());
    startRunning(loop);
    assertFalse(loop.inLoopThread());
    assertTrue(onLoop(loop::inLoopThread));
  }

  // ---- timers ----

  @Test
  void callAt_runsByDeadline_tiesInSchedulingOrder_neverEarly() throws Exception {
    startRunning(loop);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger early = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(5);
    onLoop(
        () -> {
          long start = loop.time(); // absolute deadlines: a slow scheduler cannot reorder them
          loop.callAt(start + millis(60), record(order, "c", start, 60, early, done));
          loop.callAt(start + millis(30), record(order, "b1", start, 30, early, done));
          loop.callAt(start + millis(30), record(order, "b2", start, 30, early, done));
          loop.callAt(start + millis(10), record(order, "a", start, 10, early, done));
          loop.callAt(start, record(order, "now", start, 0, early, done));
          return null;
        });
    await(done, "timers did not run");
    assertEquals(List.of("now", "a", "b1", "b2", "c"), order);
    assertEquals(0, early.get(), "a timer ran before its deadline on the loop's clock");
  }

  @Test
  void callLater_runsAfterItsDelay_laterDelaysLater() throws Exception {
    startRunning(loop);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger early = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(2);
    onLoop(
        () -> {
          long start = loop.time();
          loop.callLater(Duration.ofMillis(150), record(order, "late", start, 150, early, done));
          loop.callLater(Duration.ZERO, record(order, "soon", start, 0, early, done));
          return null;
        });
    await(done, "timers did not run");
    assertEquals(List.of("soon", "late"), order);
    assertEquals(0, early.get(), "a timer ran before its delay passed on the loop's clock");
  }

  private static long millis(long n) {
    return Duration.ofMillis(n).toNanos();
  }

  private Runnable record(
      List<String> order,
      String name,
      long start,
      long delayMillis,
      AtomicInteger early,
      CountDownLatch done) {
    return () -> {
      if (loop.time() - start < millis(delayMillis)) {
        early.incrementAndGet();
      }
      order.add(name);
      done.countDown();
    };
  }

  @Test
  void callLater_fromAnotherThread_wakesTheLoopAtTheDeadline() throws Exception {
    startRunning(loop);
    drain();
    CountDownLatch ran = new CountDownLatch(1);
    AtomicReference<Boolean> onLoop = new AtomicReference<>();
    loop.callLater(
        Duration.ofMillis(20),
        () -> {
          onLoop.set(loop.inLoopThread());
          ran.countDown();
        });
    await(ran, "a timer set from another thread did not fire");
    assertEquals(Boolean.TRUE, onLoop.get());
  }

  // ---- handles ----

  @Test
  void handleCancel_beforeItRuns_returnsTrueOnce_andTheCallbackNeverRuns() throws Exception {
    startRunning(loop);
    AtomicInteger ran = new AtomicInteger();
    List<Boolean> results =
        onLoop(
            () -> {
              Handle soon = loop.callSoon(ran::incrementAndGet);
              Handle timer = loop.callLater(Duration.ofMillis(1), ran::incrementAndGet);
              Handle threadsafe = loop.callSoonThreadsafe(ran::incrementAndGet);
              List<Boolean> r = new ArrayList<>();
              for (Handle h : List.of(soon, timer, threadsafe)) {
                r.add(h.cancel());
                r.add(h.cancel());
                r.add(h.isCancelled());
              }
              return r;
            });
    CountDownLatch later = new CountDownLatch(1);
    loop.callLater(Duration.ofMillis(20), later::countDown);
    await(later, "the loop stopped running timers");
    assertEquals(List.of(true, false, true, true, false, true, true, false, true), results);
    assertEquals(0, ran.get(), "a cancelled callback ran");
  }

  @Test
  void handleCancel_afterItRan_returnsFalse_andIsNotCancelled() throws Exception {
    startRunning(loop);
    CountDownLatch ran = new CountDownLatch(1);
    Handle h = loop.callSoonThreadsafe(ran::countDown);
    await(ran, "the callback did not run");
    drain();
    assertFalse(h.cancel());
    assertFalse(h.isCancelled());
  }

  @Test
  void handleCancel_whileItRuns_returnsFalse() throws Exception {
    startRunning(loop);
    AtomicReference<Handle> self = new AtomicReference<>();
    CountDownLatch registered = new CountDownLatch(1);
    CompletableFuture<Boolean> cancelledWhileRunning = new CompletableFuture<>();
    self.set(
        loop.callSoonThreadsafe(
            () -> {
              try {
                registered.await(WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              cancelledWhileRunning.complete(self.get().cancel());
            }));
    registered.countDown();
    assertFalse(cancelledWhileRunning.get(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  // ---- futures ----

  @Test
  void createFuture_isPendingAndBoundToThisLoop_andItsCallbacksRunLaterOnTheLoop()
      throws Exception {
    startRunning(loop);
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch called = new CountDownLatch(1);
    LoopFuture<String> f =
        onLoop(
            () -> {
              LoopFuture<String> future = loop.createFuture();
              assertSame(loop, future.loop());
              assertFalse(future.isDone());
              future.addDoneCallback(
                  done -> {
                    events.add("callback on loop " + loop.inLoopThread() + ": " + done.result());
                    called.countDown();
                  });
              future.setResult("v");
              events.add("after setResult");
              return future;
            });
    await(called, "the done callback did not run");
    assertEquals(List.of("after setResult", "callback on loop true: v"), events);
    assertEquals("v", f.result());
  }

  @Test
  void createFuture_mutatedFromAnotherThreadWhileRunning_throwsWrongThread() throws Exception {
    startRunning(loop);
    LoopFuture<String> f = onLoop(loop::createFuture);
    assertThrows(WrongThreadException.class, () -> f.setResult("wrong thread"));
    assertThrows(WrongThreadException.class, () -> f.cancel());
    assertThrows(WrongThreadException.class, () -> f.addDoneCallback(x -> {}));
    assertFalse(f.isDone(), "a rejected call changed the future");
  }

  // ---- lifecycle ----

  @Test
  void isRunningAndIsClosed_followTheLifecycle() throws Exception {
    assertFalse(loop.isClosed());
    startRunning(loop);
    assertTrue(loop.isRunning());
    assertTrue(onLoop(loop::isRunning));
    assertFalse(loop.isClosed());
    stopRunning(loop);
    assertFalse(loop.isRunning());
    assertFalse(loop.isClosed());
    loop.close();
    assertTrue(loop.isClosed());
    assertFalse(loop.isRunning());
    loop.close(); // again: nothing
    assertTrue(loop.isClosed());
  }

  @Test
  void close_dropsQueuedCallbacksAndTimers_andRunsOnCloseActionsInTheClosingThread()
      throws Exception {
    startRunning(loop);
    stopRunning(loop);
    AtomicInteger ran = new AtomicInteger();
    Handle queued = loop.callSoonThreadsafe(ran::incrementAndGet);
    Handle timer = loop.callLater(Duration.ZERO, ran::incrementAndGet);
    List<String> actions = new ArrayList<>();
    Thread closer = Thread.currentThread();
    loop.onClose(
        () -> {
          boolean here = Thread.currentThread() == closer;
          actions.add("first: closed " + loop.isClosed() + ", here " + here);
        });
    loop.onClose(() -> actions.add("second"));
    loop.close();
    assertEquals(List.of("first: closed true, here true", "second"), actions);
    assertEquals(0, ran.get(), "a queued callback ran after close");
    assertTrue(queued.isCancelled(), "a dropped callback's handle must read cancelled");
    assertTrue(timer.isCancelled(), "a dropped timer's handle must read cancelled");
    assertFalse(queued.cancel());
  }

  @Test
  void onClose_actionsRunOnce_evenWhenCloseIsCalledAgain() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    loop.onClose(runs::incrementAndGet);
    loop.close();
    loop.close();
    assertEquals(1, runs.get());
  }

  @Test
  void onClose_onAClosedLoop_runsAtOnceInTheCallingThread() {
    loop.close();
    List<Thread> ranIn = new ArrayList<>();
    Handle h = loop.onClose(() -> ranIn.add(Thread.currentThread()));
    assertEquals(List.of(Thread.currentThread()), ranIn);
    assertFalse(h.cancel(), "an action that ran cannot be stopped");
  }

  @Test
  void onClose_cancellingTheHandle_deregistersTheAction() {
    AtomicInteger runs = new AtomicInteger();
    Handle h = loop.onClose(runs::incrementAndGet);
    Handle kept = loop.onClose(() -> {});
    assertTrue(h.cancel());
    assertFalse(h.cancel());
    assertTrue(h.isCancelled());
    loop.close();
    assertEquals(0, runs.get(), "a deregistered action ran");
    assertFalse(kept.cancel(), "an action that ran cannot be stopped");
  }

  @Test
  void onClose_aThrowingAction_doesNotStopTheOthersNorClose() {
    List<String> ran = new ArrayList<>();
    loop.onClose(
        () -> {
          throw new IllegalStateException("close action failure (expected by the test)");
        });
    loop.onClose(() -> ran.add("second"));
    loop.close();
    assertEquals(List.of("second"), ran);
    assertTrue(loop.isClosed());
  }

  @Test
  void onClose_fromAnotherThreadWhileRunning_isRegistered() throws Exception {
    startRunning(loop);
    AtomicInteger runs = new AtomicInteger();
    Thread other = new Thread(() -> loop.onClose(runs::incrementAndGet), "contract-registrar");
    other.start();
    other.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    stopRunning(loop);
    loop.close();
    assertEquals(1, runs.get());
  }

  @Test
  void schedulingOnAClosedLoop_isRejected() {
    loop.close();
    assertThrows(RejectedExecutionException.class, () -> loop.callSoon(() -> {}));
    assertThrows(RejectedExecutionException.class, () -> loop.callSoonThreadsafe(() -> {}));
    assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> {}));
    assertThrows(
        RejectedExecutionException.class, () -> loop.callLater(Duration.ZERO, () -> {}));
  }

  // ---- bad input ----

  @Test
  void badInput_failsAtTheCallSite_andNothingQueuedIsLost() throws Exception {
    startRunning(loop);
    CountDownLatch before = new CountDownLatch(1);
    CountDownLatch after = new CountDownLatch(1);
    loop.callSoonThreadsafe(before::countDown);
    assertThrows(NullPointerException.class, () -> loop.callSoonThreadsafe(null));
    assertThrows(NullPointerException.class, () -> loop.execute(null));
    assertThrows(NullPointerException.class, () -> loop.callLater(null, () -> {}));
    assertThrows(NullPointerException.class, () -> loop.callLater(Duration.ZERO, null));
    assertThrows(
        IllegalArgumentException.class, () -> loop.callLater(Duration.ofMillis(-1), () -> {}));
    assertThrows(NullPointerException.class, () -> loop.onClose(null));
    List<Class<?>> onTheLoop =
        onLoop(
            () -> {
              List<Class<?>> thrown = new ArrayList<>();
              try {
                loop.callSoon(null);
              } catch (RuntimeException e) {
                thrown.add(e.getClass());
              }
              return thrown;
            });
    assertEquals(List.of(NullPointerException.class), onTheLoop);
    loop.callSoonThreadsafe(after::countDown);
    await(before, "a callback queued before the bad calls was lost");
    await(after, "the loop stopped taking callbacks after the bad calls");
  }

  @Test
  void callSoon_fromAnotherThreadWhileRunning_throwsWrongThreadNamingBothThreads()
      throws Exception {
    startRunning(loop);
    String loopThread = onLoop(() -> Thread.currentThread().getName());
    String me = Thread.currentThread().getName();
    assertNotEquals(loopThread, me);
    AtomicInteger ran = new AtomicInteger();
    WrongThreadException e =
        assertThrows(WrongThreadException.class, () -> loop.callSoon(ran::incrementAndGet));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains(me), "the message must name the calling thread: " + message);
    assertTrue(message.contains(loopThread), "the message must name the loop thread: " + message);
    drain();
    assertEquals(0, ran.get(), "a rejected callback ran");
  }
}
