package dev.tandem.conformance;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.interop.TandemListenableFutures;
import dev.tandem.loop.EventLoops;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import dev.tandem.threads.SettableExecutorFuture;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A snapshot captured where a done callback is registered is dropped with the callback: once it
 * ran, once it was removed ({@code removeDoneCallback}), and once its future was cancelled (which
 * runs it), on a loop future, a propagating executor's task and a propagating settable future.
 * The same for a dependent stage of the {@code CompletableFuture} view and a listener of the
 * {@code ListenableFuture} view, once it ran (after completion or cancellation of the source).
 * The value is an object reachable only through the snapshot; a {@link WeakReference} to it is
 * first seen held while the callback is pending, and must clear while the future and the view
 * are still referenced.
 *
 * <p>The other cells of this matrix are tested beside their implementation: a loop future's
 * callback that ran or was removed in {@code loop/ContextLoopTest}, a settable future's in {@code
 * jvm-threads/ContextExecutorTest} (and there, too, the snapshot of a cancelled pool task).
 */
@Timeout(value = 15, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class ContextSnapshotReleaseTest {
  private static final ThreadLocal<Object> MARKER = new ThreadLocal<>();
  private static final ContextPropagator PROPAGATOR = ContextPropagator.ofThreadLocals(MARKER);
  private static final Duration WAIT = Duration.ofSeconds(5);

  enum FutureKind {
    LOOP_FUTURE,
    POOL_TASK,
    PROPAGATING_SETTABLE
  }

  enum Ending {
    CALLBACK_RAN,
    CALLBACK_REMOVED,
    FUTURE_CANCELLED
  }

  record Case(FutureKind kind, Ending ending) {
    @Override
    public String toString() {
      return kind + " / " + ending;
    }
  }

  private static final Set<Case> TESTED_ELSEWHERE =
      Set.of(
          new Case(FutureKind.LOOP_FUTURE, Ending.CALLBACK_RAN),
          new Case(FutureKind.LOOP_FUTURE, Ending.CALLBACK_REMOVED),
          new Case(FutureKind.PROPAGATING_SETTABLE, Ending.CALLBACK_RAN),
          new Case(FutureKind.PROPAGATING_SETTABLE, Ending.CALLBACK_REMOVED));

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (FutureKind kind : FutureKind.values()) {
      for (Ending ending : Ending.values()) {
        Case c = new Case(kind, ending);
        if (!TESTED_ELSEWHERE.contains(c)) {
          cases.add(c);
        }
      }
    }
    return cases.stream();
  }

  private EventLoop loop;
  private ExecutorService worker;
  private FutureExecutor pool;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() {
    loop = EventLoops.builder().contextPropagator(PROPAGATOR).build();
    worker = Executors.newSingleThreadExecutor();
    pool = FutureExecutor.wrapping(worker, PROPAGATOR);
  }

  @AfterEach
  void stop() {
    release.countDown();
    loop.close();
    worker.shutdownNow();
    MARKER.remove();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSnapshotCapturedAtRegistration_isReleasedOnceTheCallbackIsDone(Case c) throws Exception {
    AsyncFuture<String> future = pendingFuture(c.kind);
    CountDownLatch ran = new CountDownLatch(1);
    Consumer<AsyncFuture<String>> callback = f -> ran.countDown();

    WeakReference<Object> captured = captureIn(() -> future.addDoneCallback(callback));
    System.gc();
    assertNotNull(captured.get(), "the pending callback's snapshot holds the value");

    switch (c.ending) {
      case CALLBACK_RAN -> complete(future);
      case CALLBACK_REMOVED -> assertEquals(1, future.removeDoneCallback(callback));
      case FUTURE_CANCELLED -> assertTrue(future.cancel("not needed"), "cancelled while pending");
    }
    if (future instanceof LoopFuture<String> loopFuture) {
      drain(loopFuture.loop());
    }
    if (c.ending != Ending.CALLBACK_REMOVED) {
      assertTrue(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the callback ran");
    }

    awaitReleased(captured);
    assertFalse(
        c.ending == Ending.CALLBACK_REMOVED && future.isDone(), "kept pending to the end");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("viewCases")
  void theSnapshotOfAViewsStageOrListener_isReleasedOnceItRan(ViewCase c) throws Exception {
    AsyncFuture<String> future = pendingFuture(c.kind);
    CountDownLatch ran = new CountDownLatch(1);
    Object view;
    WeakReference<Object> captured;
    if (c.view == View.COMPLETABLE_FUTURE_STAGE) {
      CompletableFuture<String> completable = ExecutorFutures.asCompletableFuture(future);
      view = completable;
      captured = captureIn(() -> completable.whenComplete((value, failure) -> ran.countDown()));
    } else {
      ListenableFuture<String> listenable = listenableView(future);
      view = listenable;
      captured = captureIn(() -> listenable.addListener(ran::countDown, directExecutor()));
    }
    System.gc();
    assertNotNull(captured.get(), "the pending stage's snapshot holds the value");

    switch (c.ending) {
      case CALLBACK_RAN -> complete(future);
      case FUTURE_CANCELLED -> assertTrue(future.cancel("not needed"), "cancelled while pending");
      case CALLBACK_REMOVED -> throw new AssertionError("a view's stage cannot be removed");
    }
    if (future instanceof LoopFuture<String> loopFuture) {
      drain(loopFuture.loop());
    }
    assertTrue(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the stage or listener ran");

    awaitReleased(captured);
    Reference.reachabilityFence(view);
  }

  enum View {
    COMPLETABLE_FUTURE_STAGE,
    LISTENABLE_FUTURE_LISTENER
  }

  record ViewCase(FutureKind kind, View view, Ending ending) {
    @Override
    public String toString() {
      return kind + " / " + view + " / " + ending;
    }
  }

  static Stream<ViewCase> viewCases() {
    List<ViewCase> cases = new ArrayList<>();
    for (FutureKind kind : List.of(FutureKind.LOOP_FUTURE, FutureKind.PROPAGATING_SETTABLE)) {
      for (View view : View.values()) {
        for (Ending ending : List.of(Ending.CALLBACK_RAN, Ending.FUTURE_CANCELLED)) {
          cases.add(new ViewCase(kind, view, ending));
        }
      }
    }
    return cases.stream();
  }

  private static ListenableFuture<String> listenableView(AsyncFuture<String> future) {
    return future instanceof ExecutorFuture<String> executorFuture
        ? ExecutorFutures.asListenableFuture(executorFuture)
        : TandemListenableFutures.asListenableFuture(future);
  }

  /** Collects garbage until {@code captured} is cleared (bounded by Awaitility). */
  private static void awaitReleased(WeakReference<Object> captured) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              System.gc();
              return captured.get() == null;
            });
  }

  /**
   * A pending future of {@code kind}. A pool task is queued behind a task that holds the pool's
   * only thread until the test ends, so it can still be cancelled, and is completed by letting
   * the holder go.
   */
  private AsyncFuture<String> pendingFuture(FutureKind kind) {
    return switch (kind) {
      case LOOP_FUTURE -> loop.createFuture();
      case PROPAGATING_SETTABLE -> ExecutorFutures.settable(PROPAGATOR);
      case POOL_TASK -> {
        pool.submit(
            () -> {
              release.await();
              return null;
            });
        yield pool.submit(() -> "done");
      }
    };
  }

  private void complete(AsyncFuture<String> future) throws Exception {
    if (future instanceof LoopFuture<String> loopFuture) {
      loopFuture.setResult("done");
    } else if (future instanceof SettableExecutorFuture<String> settable) {
      settable.setResult("done");
    } else {
      release.countDown();
      ((ExecutorFuture<String>) future).result(WAIT);
    }
  }

  /** Runs {@code loop} on this thread until what is queued now has run. */
  private static void drain(EventLoop loop) {
    LoopFuture<Void> drained = loop.createFuture();
    loop.callSoon(() -> drained.setResult(null));
    loop.runUntilComplete(drained);
  }

  /** Runs {@code registration} with a fresh value in {@link #MARKER}; returns a weak ref to it. */
  private static WeakReference<Object> captureIn(Runnable registration) {
    Object value = new Object();
    MARKER.set(value);
    try {
      registration.run();
    } finally {
      MARKER.remove();
    }
    return new WeakReference<>(value);
  }
}
