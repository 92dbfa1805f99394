package dev.tandem.threads;

import java.util.concurrent.atomic.AtomicReference;

import java.util.concurrent.TimeoutException;

import dev.tandem.api.CancelledException;

import static org.awaitility.Awaitility.await;

import static org.assertj.core.api.Assertions.catchThrowable;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.ExecutorFuture;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Context propagation on the executor kind with a plain {@link ThreadLocal}: for every
 * registration point, a value set before registering is seen where the code runs, on whichever
 * thread runs it; a value set after is not; and the thread holds afterwards what it held before
 * (read with a raw task on the same worker, which propagates nothing).
 */
@Timeout(30)
final class ContextExecutorTest {
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
  private static final ContextPropagator PROPAGATOR = ContextPropagator.ofThreadLocals(REQUEST);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<@Nullable String> seen = Collections.synchronizedList(new ArrayList<>());
  private ExecutorService worker;
  private FutureExecutor executor;

  @BeforeEach
  void newExecutor() {
    worker = Executors.newSingleThreadExecutor();
    executor = FutureExecutor.wrapping(worker, PROPAGATOR);
  }

  @AfterEach
  void cleanUp() {
    executor.shutdown(false, true);
    REQUEST.remove();
  }

  /** What the worker thread holds now, read by a task that propagates nothing. */
  private @Nullable String workerHolds() throws Exception {
    return worker.submit(REQUEST::get).get(10, TimeUnit.SECONDS);
  }

  private <T> Consumer<AsyncFuture<T>> recordDone() {
    return f -> seen.add(REQUEST.get());
  }

  @Test
  void submit_runsTheTaskInTheSubmittersContext_andLeavesTheWorkerClean() throws Exception {
    worker.submit(() -> REQUEST.set("worker's own")).get(10, TimeUnit.SECONDS);
    REQUEST.set("submitter");
    ExecutorFuture<String> first = executor.submit(REQUEST::get);
    REQUEST.remove();
    ExecutorFuture<String> absent = executor.submit(REQUEST::get);
    REQUEST.set("after");
    assertThat(first.result(WAIT)).isEqualTo("submitter");
    assertThat(absent.result(WAIT)).as("a captured absence hides the worker's value").isNull();
    assertThat(workerHolds()).isEqualTo("worker's own");
    worker.submit(REQUEST::remove).get(10, TimeUnit.SECONDS);
  }

  @Test
  void execute_andMap_runInTheCallersContext() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    REQUEST.set("executed");
    executor.execute(
        () -> {
          seen.add(REQUEST.get());
          ran.countDown();
        });
    REQUEST.set("mapped");
    List<String> mapped = executor.map(i -> i + ":" + REQUEST.get(), List.of(1, 2), WAIT);
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly("executed");
    assertThat(mapped).containsExactly("1:mapped", "2:mapped");
    assertThat(workerHolds()).isNull();
  }

  @Test
  void aFailedExecuteTask_isLoggedInItsSubmittersContext() throws Exception {
    List<@Nullable String> atLog = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger("dev.tandem.threads");
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            atLog.add(REQUEST.get()); // on the logging thread, while it logs
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      REQUEST.set("submitter of a failing task");
      executor.execute(
          () -> {
            throw new IllegalStateException("task failed (expected)");
          });
      REQUEST.remove();
      Awaitility.await().atMost(WAIT).until(() -> !atLog.isEmpty());
    } finally {
      logger.removeHandler(handler);
    }
    assertThat(atLog).containsExactly("submitter of a failing task");
    assertThat(workerHolds()).isNull();
  }

  @Test
  void addDoneCallback_runsInTheRegistrantsContext_onTheCompletingThread() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorFuture<String> task =
        executor.submit(
            () -> {
              release.await();
              return "v";
            });
    REQUEST.set("registrant");
    task.addDoneCallback(
        f -> seen.add(REQUEST.get() + " on " + Thread.currentThread().getName()));
    REQUEST.set("after");
    release.countDown();
    task.result(WAIT);
    Awaitility.await().atMost(WAIT).until(() -> !seen.isEmpty());
    assertThat(seen.get(0)).startsWith("registrant on pool-");
    assertThat(workerHolds()).isNull();

    REQUEST.set("late");
    task.addDoneCallback(recordDone()); // done: at once, in this thread and context
    assertThat(seen).endsWith("late");
    assertThat(REQUEST.get()).isEqualTo("late");
  }

  @Test
  void aSettableFutureWithAPropagator_runsCallbacksInTheirRegistrantsContext() throws Exception {
    SettableExecutorFuture<String> settable = ExecutorFutures.settable(PROPAGATOR);
    REQUEST.set("registrant");
    settable.addDoneCallback(recordDone());
    Thread completer =
        new Thread(
            () -> {
              REQUEST.set("completer");
              settable.setResult("v");
              seen.add("completer still holds " + REQUEST.get());
            });
    completer.start();
    completer.join(10_000);
    assertThat(seen).containsExactly("registrant", "completer still holds completer");
    assertThat(ContextCarrier.propagatorOf(settable)).satisfies(ContextExecutorTest::carriesTheRequest);
    assertThat(ContextCarrier.propagatorOf(ExecutorFutures.settable()))
        .isSameAs(ContextPropagator.none());
    assertThat(ContextCarrier.propagatorOf(ExecutorFutures.settable(ContextPropagator.none())))
        .isSameAs(ContextPropagator.none());
  }

  @Test
  void theCombinators_runTheirFunctionsInTheComposersContext_alsoOnAnExecutor() throws Exception {
    SettableExecutorFuture<String> input = ExecutorFutures.settable(PROPAGATOR);
    SettableExecutorFuture<String> failing = ExecutorFutures.settable(PROPAGATOR);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      REQUEST.set("map");
      ExecutorFuture<String> mapped = ExecutorCombinators.map(input, v -> v + ":" + REQUEST.get());
      REQUEST.set("map on executor");
      ExecutorFuture<String> mappedThere =
          ExecutorCombinators.map(input, v -> v + ":" + REQUEST.get(), other);
      REQUEST.set("compose");
      ExecutorFuture<String> composed =
          ExecutorCombinators.compose(
              input, v -> ExecutorFutures.completed(v + ":" + REQUEST.get()));
      REQUEST.set("recover");
      ExecutorFuture<String> recovered =
          ExecutorCombinators.recover(failing, e -> "recovered:" + REQUEST.get());
      REQUEST.set("finally");
      ExecutorFuture<String> last = ExecutorCombinators.andFinally(input, () -> seen.add(REQUEST.get()));
      REQUEST.set("allOf's registrant");
      ExecutorFuture<List<String>> all = ExecutorCombinators.allOf(List.of(input, failing));
      all.addDoneCallback(recordDone());
      assertThat(ContextCarrier.propagatorOf(mapped)).satisfies(ContextExecutorTest::carriesTheRequest);
      assertThat(ContextCarrier.propagatorOf(all)).satisfies(ContextExecutorTest::carriesTheRequest);

      REQUEST.set("completer");
      input.setResult("v");
      failing.setException(new IOException("expected"));
      assertThat(mapped.result(WAIT)).isEqualTo("v:map");
      assertThat(mappedThere.result(WAIT)).isEqualTo("v:map on executor");
      assertThat(composed.result(WAIT)).isEqualTo("v:compose");
      assertThat(recovered.result(WAIT)).isEqualTo("recovered:recover");
      assertThat(last.result(WAIT)).isEqualTo("v");
      assertThat(seen).containsExactly("finally", "allOf's registrant");
      assertThat(REQUEST.get()).isEqualTo("completer");
      assertThat(other.submit(REQUEST::get).get(10, TimeUnit.SECONDS)).isNull();
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void theCompletableFutureView_runsEveryStageInItsRegistrantsContext() throws Exception {
    SettableExecutorFuture<String> source = ExecutorFutures.settable(PROPAGATOR);
    CompletableFuture<String> view = ExecutorFutures.asCompletableFuture(source);
    ExecutorService async = Executors.newSingleThreadExecutor();
    try {
      REQUEST.set("thenApply");
      CompletableFuture<String> applied = view.thenApply(v -> v + ":" + REQUEST.get());
      REQUEST.set("thenApplyAsync");
      CompletableFuture<String> appliedAsync =
          view.thenApplyAsync(v -> v + ":" + REQUEST.get(), async);
      REQUEST.set("whenComplete");
      view.whenComplete((v, t) -> seen.add(REQUEST.get()));
      REQUEST.set("handleAsync");
      CompletableFuture<String> handled =
          view.handleAsync((v, t) -> v + ":" + REQUEST.get()); // the common pool
      REQUEST.set("thenCompose");
      CompletableFuture<String> composed =
          view.thenCompose(v -> CompletableFuture.completedFuture(v + ":" + REQUEST.get()));
      REQUEST.set("thenCombine");
      CompletableFuture<String> combined =
          view.thenCombine(CompletableFuture.completedFuture("w"), (a, b) -> a + b + ":" + REQUEST.get());
      REQUEST.set("chained");
      CompletableFuture<String> chained = applied.thenApply(v -> v + "|" + REQUEST.get());
      REQUEST.set("exceptionally");
      CompletableFuture<String> notNeeded = view.exceptionally(t -> "no:" + REQUEST.get());
      assertThat(ContextCarrier.propagatorOf(applied)).satisfies(ContextExecutorTest::carriesTheRequest);

      Thread completer =
          new Thread(
              () -> {
                REQUEST.set("completer");
                source.setResult("v");
                seen.add("completer holds " + REQUEST.get());
              });
      completer.start();
      completer.join(10_000);

      assertThat(applied.get(10, TimeUnit.SECONDS)).isEqualTo("v:thenApply");
      assertThat(appliedAsync.get(10, TimeUnit.SECONDS)).isEqualTo("v:thenApplyAsync");
      assertThat(handled.get(10, TimeUnit.SECONDS)).isEqualTo("v:handleAsync");
      assertThat(composed.get(10, TimeUnit.SECONDS)).isEqualTo("v:thenCompose");
      assertThat(combined.get(10, TimeUnit.SECONDS)).isEqualTo("vw:thenCombine");
      assertThat(chained.get(10, TimeUnit.SECONDS)).isEqualTo("v:thenApply|chained");
      assertThat(notNeeded.get(10, TimeUnit.SECONDS)).isEqualTo("v");
      assertThat(seen).containsExactly("whenComplete", "completer holds completer");
      assertThat(async.submit(REQUEST::get).get(10, TimeUnit.SECONDS)).isNull();

      REQUEST.set("on a done view");
      assertThat(view.thenApply(v -> REQUEST.get()).get()).isEqualTo("on a done view");
      ExecutorFuture<String> adapted = ExecutorFutures.from(applied.thenApply(v -> v));
      assertThat(ContextCarrier.propagatorOf(adapted)).as("an adapter of a stage").satisfies(ContextExecutorTest::carriesTheRequest);
    } finally {
      async.shutdownNow();
    }
  }

  @Test
  void theListenableFutureView_runsEachListenerInItsRegistrantsContext() throws Exception {
    SettableExecutorFuture<String> source = ExecutorFutures.settable(PROPAGATOR);
    ListenableFuture<String> view = ExecutorFutures.asListenableFuture(source);
    ExecutorService listenerPool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch both = new CountDownLatch(2);
      REQUEST.set("direct listener");
      view.addListener(
          () -> {
            seen.add(REQUEST.get());
            both.countDown();
          },
          MoreExecutors.directExecutor());
      REQUEST.set("pooled listener");
      view.addListener(
          () -> {
            seen.add(REQUEST.get());
            both.countDown();
          },
          listenerPool);
      REQUEST.set("completer");
      source.setResult("v");
      assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(seen).containsExactlyInAnyOrder("direct listener", "pooled listener");
      assertThat(REQUEST.get()).isEqualTo("completer");
      assertThat(listenerPool.submit(REQUEST::get).get(10, TimeUnit.SECONDS)).isNull();
      ExecutorFuture<String> back = ExecutorFutures.from(view);
      assertThat(back).isSameAs(source);
    } finally {
      listenerPool.shutdownNow();
    }
  }

  @Test
  void removeDoneCallback_findsAContextRegistration() {
    SettableExecutorFuture<String> future = ExecutorFutures.settable(PROPAGATOR);
    Consumer<AsyncFuture<String>> callback = recordDone();
    REQUEST.set("r");
    future.addDoneCallback(callback);
    assertThat(future.removeDoneCallback(callback)).isEqualTo(1);
    future.addDoneCallback(callback);
    future.addDoneCallback(recordDone());
    future.addDoneCallback(callback);
    assertThat(future.removeDoneCallback(callback)).isEqualTo(2);
    future.setResult("x");
    assertThat(seen).containsExactly("r");
  }

  @Test
  void aSnapshot_isReleasedOnceItsCallbackRan_wasRemoved_orItsTaskWasCancelled() {
    ThreadLocal<Object> marker = new ThreadLocal<>();
    ContextPropagator markers = ContextPropagator.ofThreadLocals(marker);
    SettableExecutorFuture<String> ran = ExecutorFutures.settable(markers);
    SettableExecutorFuture<String> kept = ExecutorFutures.settable(markers);
    Consumer<AsyncFuture<String>> callback = f -> {};
    WeakReference<Object> afterRun = captureIn(marker, () -> ran.addDoneCallback(callback));
    ran.setResult("x");
    WeakReference<Object> afterRemove =
        captureIn(
            marker,
            () -> {
              kept.addDoneCallback(callback);
              kept.removeDoneCallback(callback);
            });
    ExecutorService blocked = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    try (FutureExecutor pool = FutureExecutor.wrapping(blocked, markers)) {
      pool.submit(
          () -> {
            release.await();
            return null;
          });
      WeakReference<Object> afterCancel =
          captureIn(marker, () -> pool.submit(() -> "never runs").cancel("not needed"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                System.gc();
                return afterRun.get() == null
                    && afterRemove.get() == null
                    && afterCancel.get() == null;
              });
      release.countDown();
    }
    assertThat(kept.isDone()).as("kept alive to the end").isFalse();
  }

  private static WeakReference<Object> captureIn(ThreadLocal<Object> local, Runnable registration) {
    Object value = new Object();
    local.set(value);
    try {
      registration.run();
    } finally {
      local.remove();
    }
    return new WeakReference<>(value);
  }

  @Test
  void aDeadlineTravelsIntoAPoolTaskOfAPropagatingExecutor_andEndsTheTasksOwnWait() {
    SettableExecutorFuture<String> never = ExecutorFutures.settable();
    AtomicReference<Thread> taskThread = new AtomicReference<>();
    AtomicReference<Throwable> seenInTask = new AtomicReference<>();
    Throwable atBoundary =
        catchThrowable(
            () ->
                Deadline.within(
                    Duration.ofMillis(300),
                    deadline -> {
                      ExecutorFuture<String> task =
                          executor.submit(
                              () -> {
                                taskThread.set(Thread.currentThread());
                                try {
                                  return never.result(WAIT);
                                } catch (RuntimeException | Error e) {
                                  seenInTask.set(e);
                                  throw e;
                                }
                              });
                      /* The deadline expires lazily, in a wait: the block is still open here. */
                      await()
                          .atMost(WAIT)
                          .until(
                              () ->
                                  taskThread.get() != null
                                      && taskThread.get().getState() == Thread.State.TIMED_WAITING);
                      return task.result(WAIT);
                    }));
    assertThat(atBoundary).isInstanceOf(TimeoutException.class).hasMessageContaining("within 300 ms");
    await().atMost(WAIT).until(() -> seenInTask.get() != null);
    assertThat(seenInTask.get())
        .as("the task's own 10 s wait ended at the deadline it carried from its submitter")
        .isInstanceOf(CancelledException.class)
        .hasMessageContaining("the deadline (within 300 ms) expired");
  }

  @Test
  void withoutPropagation_aPoolTaskDoesNotSeeItsSubmittersDeadline() throws Exception {
    try (FutureExecutor plain = FutureExecutor.newFixedPool(1)) {
      SettableExecutorFuture<String> never = ExecutorFutures.settable();
      ExecutorFuture<Throwable> seen =
          Deadline.within(
              Duration.ofMillis(1),
              deadline ->
                  plain.submit(
                      () -> {
                        try {
                          never.result(Duration.ofMillis(100));
                          return null;
                        } catch (TimeoutException e) {
                          return e;
                        }
                      }));
      assertThat(seen.result(WAIT))
          .as("the task's wait ran its own 100 ms: the deadline stayed with the submitter")
          .isInstanceOf(TimeoutException.class);
    }
  }

  /** {@code propagator} captures {@link #REQUEST} (with Tandem's own scope beside it). */
  private static void carriesTheRequest(ContextPropagator propagator) {
    String before = REQUEST.get();
    REQUEST.set("carried");
    ContextSnapshot snapshot = propagator.capture();
    REQUEST.set("other");
    try (ContextSnapshot.Scope ignored = snapshot.open()) {
      assertThat(REQUEST.get()).isEqualTo("carried");
    } finally {
      REQUEST.set(before);
    }
  }

  @Test
  void anExecutorWithoutPropagation_capturesNothing_andCarriesNone() throws Exception {
    try (FutureExecutor plain = FutureExecutor.newFixedPool(1)) {
      REQUEST.set("not propagated");
      assertThat(plain.submit(REQUEST::get).result(WAIT)).isNull();
      assertThat(ContextCarrier.propagatorOf(plain)).isSameAs(ContextPropagator.none());
      assertThat(ContextCarrier.propagatorOf(plain.submit(() -> 1)))
          .isSameAs(ContextPropagator.none());
    }
    assertThat(executor.contextPropagator()).isNotSameAs(ContextPropagator.none());
  }

  @Test
  void theFactories_refuseANullPropagator() {
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> FutureExecutor.newFixedPool(1, "x", null))
        .withMessage("propagator");
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> FutureExecutor.wrapping(worker, null))
        .withMessage("propagator");
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> ExecutorFutures.settable(null))
        .withMessage("propagator");
  }
}
