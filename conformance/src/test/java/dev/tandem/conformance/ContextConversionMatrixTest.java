package dev.tandem.conformance;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.interop.TandemExecutorFutures;
import dev.tandem.interop.TandemListenableFutures;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopFutures;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Context propagation through every conversion in which a loop or executor with propagation on
 * takes part, as one matrix: each {@link Pair} is a source kind, a view or conversion of it, and
 * a registration of user code on the result. For each pair, three cases: a value the registering
 * thread holds at registration is seen by the callback, on the thread that completes it; a value
 * set there after registration is not; and the thread that ran the callback holds afterwards
 * exactly what it held before (its own value put back, or nothing if it had none).
 *
 * <p>Three parties with values of their own: the test thread converts (holding {@code "the
 * converter's"}) and registers; a {@code completer} thread (or the pool's one worker) completes
 * the source; the callback runs where the result completes, which is that thread for executor
 * results and the loop thread for loop-side ones, or on the executor a registration names. The loop is run by the test thread itself
 * ({@code runForever}, stopped by the callback), so its thread-local is read directly; the
 * executor threads are plain {@link ExecutorService}s (the pool is {@link
 * FutureExecutor#wrapping} of one), read with a raw task that propagates nothing.
 *
 * <p>Pairs left out, by design: over a foreign {@code CompletableFuture} or {@code
 * ListenableFuture}, and over {@code ExecutorFutures.from} of one, no propagating loop or
 * executor takes part, so nothing is captured (docs/concepts.md, "Conversions and foreign
 * futures"); only adopting such a future on a propagating loop captures, and that pair is here.
 * {@code LoopFutures.adopt(loop, f)} of one of {@code loop}'s own futures returns {@code f}, so it
 * is the pair "loop future itself"; interop's {@code asLoopFuture} is {@code adopt}. {@code
 * ExecutorFutures.from} of the {@code CompletableFuture} or {@code ListenableFuture} view of an
 * executor future returns that future, so it is the pair "itself" too; of a loop future's view it
 * is a future of its own, and here.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ContextConversionMatrixTest {
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
  private static final ContextPropagator PROPAGATOR = ContextPropagator.ofThreadLocals(REQUEST);
  private static final long WAIT_SECONDS = 5;

  private static final String CONVERTER = "the converter's";
  private static final String REGISTRANT = "the registrant's";
  private static final String SET_AFTER = "set after registering";
  private static final String OWN = "the completing thread's own";

  /** What the source is, and who completes it. */
  enum SourceKind {
    /** A task of a propagating {@link FutureExecutor}; its worker completes it. */
    POOL_TASK,
    /** {@link ExecutorFutures#settable(ContextPropagator)}, completed by the completer thread. */
    PROPAGATING_SETTABLE,
    /** A future of a propagating loop, completed from {@code callSoonThreadsafe}. */
    LOOP_FUTURE,
    /** {@code ExecutorFutures.from} of a plain {@code CompletableFuture}: carries nothing. */
    FOREIGN_COMPLETABLE_FUTURE,
    /** {@code ExecutorFutures.from} of a Guava {@code SettableFuture}: carries nothing. */
    FOREIGN_LISTENABLE_FUTURE;

    boolean isForeign() {
      return this == FOREIGN_COMPLETABLE_FUTURE || this == FOREIGN_LISTENABLE_FUTURE;
    }
  }

  /** What the user code is registered on, made from the source. */
  enum Conversion {
    ITSELF(Result.ASYNC_FUTURE),
    COMPLETABLE_FUTURE_VIEW(Result.COMPLETABLE_FUTURE),
    LISTENABLE_FUTURE_VIEW(Result.LISTENABLE_FUTURE),
    FROM_COMPLETABLE_FUTURE_VIEW(Result.ASYNC_FUTURE),
    FROM_LISTENABLE_FUTURE_VIEW(Result.ASYNC_FUTURE),
    ADOPTED_ON_THE_LOOP(Result.ASYNC_FUTURE),
    EXECUTOR_VIEW_OF_THE_LOOP_FUTURE(Result.ASYNC_FUTURE);

    final Result result;

    Conversion(Result result) {
      this.result = result;
    }
  }

  enum Result {
    ASYNC_FUTURE(EnumSet.of(Registration.ADD_DONE_CALLBACK)),
    COMPLETABLE_FUTURE(
        EnumSet.of(
            Registration.THEN_APPLY,
            Registration.WHEN_COMPLETE,
            Registration.A_STAGE_OF_A_STAGE,
            Registration.THEN_APPLY_ASYNC)),
    LISTENABLE_FUTURE(
        EnumSet.of(
            Registration.ADD_LISTENER,
            Registration.FUTURES_ADD_CALLBACK,
            Registration.ADD_LISTENER_ON_AN_EXECUTOR));

    final Set<Registration> registrations;

    Result(Set<Registration> registrations) {
      this.registrations = registrations;
    }
  }

  enum Registration {
    ADD_DONE_CALLBACK,
    THEN_APPLY,
    WHEN_COMPLETE,
    /** {@code thenApply(identity).whenComplete(callback)}: stages built on a stage carry on. */
    A_STAGE_OF_A_STAGE,
    /** {@code thenApplyAsync(function, executor)}: the function runs on that executor. */
    THEN_APPLY_ASYNC,
    ADD_LISTENER,
    FUTURES_ADD_CALLBACK,
    /** {@code addListener(listener, executor)}: the listener runs on that executor. */
    ADD_LISTENER_ON_AN_EXECUTOR;

    boolean runsOnTheNamedExecutor() {
      return this == THEN_APPLY_ASYNC || this == ADD_LISTENER_ON_AN_EXECUTOR;
    }
  }

  record Pair(SourceKind source, Conversion conversion, Registration registration) {
    /** Whether the loop completes the result: the loop has to run for the callback to. */
    boolean throughTheLoop() {
      return source == SourceKind.LOOP_FUTURE || conversion == Conversion.ADOPTED_ON_THE_LOOP;
    }

    /** Whether the callback runs on the loop thread. */
    boolean callbackOnLoop() {
      return throughTheLoop() && !registration.runsOnTheNamedExecutor();
    }

    @Override
    public String toString() {
      return source + " / " + conversion + " / " + registration;
    }
  }

  static Stream<Pair> pairs() {
    List<Pair> pairs = new ArrayList<>();
    for (SourceKind source : SourceKind.values()) {
      for (Conversion conversion : Conversion.values()) {
        if (applies(source, conversion)) {
          for (Registration registration : conversion.result.registrations) {
            pairs.add(new Pair(source, conversion, registration));
          }
        }
      }
    }
    return pairs.stream();
  }

  private static boolean applies(SourceKind source, Conversion conversion) {
    if (source.isForeign()) {
      return conversion == Conversion.ADOPTED_ON_THE_LOOP;
    }
    return switch (conversion) {
      case ADOPTED_ON_THE_LOOP -> source != SourceKind.LOOP_FUTURE; // adopt(loop, own) is itself
      /* from(view of an executor future) is that future again: the pair "itself". */
      case EXECUTOR_VIEW_OF_THE_LOOP_FUTURE,
          FROM_COMPLETABLE_FUTURE_VIEW,
          FROM_LISTENABLE_FUTURE_VIEW ->
          source == SourceKind.LOOP_FUTURE;
      default -> true;
    };
  }

  /* The threads are shared by all cases (each run sets what they hold); the loop is per case. */
  private final ExecutorService completer =
      Executors.newSingleThreadExecutor(r -> daemon(r, "completer"));
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(r -> daemon(r, "pool-worker"));
  private final FutureExecutor pool = FutureExecutor.wrapping(worker, PROPAGATOR);
  /** The executor named to {@code thenApplyAsync} and {@code addListener}. */
  private final ExecutorService named =
      Executors.newSingleThreadExecutor(r -> daemon(r, "named-executor"));
  private final List<CountDownLatch> gates = new ArrayList<>();
  private EventLoop loop;

  @BeforeEach
  void start() {
    loop = EventLoops.builder().contextPropagator(PROPAGATOR).build();
  }

  @AfterEach
  void stop() {
    gates.forEach(CountDownLatch::countDown);
    gates.clear();
    loop.close();
    REQUEST.remove();
  }

  @AfterAll
  void stopThreads() {
    completer.shutdownNow();
    worker.shutdownNow();
    named.shutdownNow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void aValueSetBeforeRegistration_isSeenByTheCallback_onTheThreadThatCompletes(Pair pair)
      throws Exception {
    Outcome outcome = run(pair, REGISTRANT, OWN);

    assertEquals(REGISTRANT, outcome.seen, "the value the callback saw");
    assertEquals(outcome.expectedThread, outcome.thread, "the thread the callback ran on");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void aValueSetAfterRegistration_isNotSeen_norTheCompletingThreadsOwn(Pair pair)
      throws Exception {
    Outcome outcome = run(pair, null, OWN);

    assertNull(outcome.seen, "absent at registration, absent in the callback");
    assertEquals(outcome.expectedThread, outcome.thread, "the thread the callback ran on");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void theCallbacksThread_holdsAfterwardsExactlyWhatItHeldBefore(Pair pair) throws Exception {
    Outcome withOwn = run(pair, REGISTRANT, OWN);
    Outcome withNone = run(pair, REGISTRANT, null);

    assertEquals(REGISTRANT, withOwn.seen);
    assertEquals(OWN, withOwn.afterwards, "a different own value is put back");
    assertEquals(REGISTRANT, withNone.seen);
    assertNull(withNone.afterwards, "absent stays absent");
  }

  /** What the callback saw, on which thread, and what that thread held once it returned. */
  private record Outcome(
      @Nullable String seen, String thread, String expectedThread, @Nullable String afterwards) {}

  /**
   * The callback's record: the value it saw and its thread. When the loop takes part, the test
   * thread runs it until the callback ran, which then stops it (from another thread through
   * {@code callSoonThreadsafe}, since the loop may not have started yet).
   */
  private final class Seen {
    final CompletableFuture<@Nullable String> value = new CompletableFuture<>();
    final CompletableFuture<String> thread = new CompletableFuture<>();
    private final boolean stopsTheLoop;

    Seen(boolean stopsTheLoop) {
      this.stopsTheLoop = stopsTheLoop;
    }

    void record() {
      thread.complete(Thread.currentThread().getName());
      value.complete(REQUEST.get());
      if (loop.inLoopThread()) {
        loop.stop();
      } else if (stopsTheLoop) {
        loop.callSoonThreadsafe(loop::stop);
      }
    }
  }

  /**
   * Makes a source of {@code pair}'s kind, converts it, registers a callback while the test
   * thread holds {@code atRegistration} and sets another value right after, completes the source
   * while the thread the callback runs on holds {@code own}, and reports what the callback saw.
   */
  private Outcome run(Pair pair, @Nullable String atRegistration, @Nullable String own)
      throws Exception {
    REQUEST.remove();
    /* The executor threads hold `own` from now on; a raw task propagates nothing. */
    onThread(completer, () -> setOrRemove(own));
    onThread(worker, () -> setOrRemove(own));
    onThread(named, () -> setOrRemove(own));

    CountDownLatch gate = new CountDownLatch(1);
    gates.add(gate);
    Runnable complete;
    AsyncFuture<String> source;
    switch (pair.source) {
      case POOL_TASK -> {
        source =
            pool.submit(
                () -> {
                  gate.await();
                  return "done";
                });
        complete = gate::countDown;
      }
      case PROPAGATING_SETTABLE -> {
        var settable = ExecutorFutures.<String>settable(PROPAGATOR);
        source = settable;
        complete = () -> onThread(completer, () -> settable.setResult("done"));
      }
      case LOOP_FUTURE -> {
        LoopFuture<String> future = loop.createFuture();
        source = future;
        complete =
            () -> onThread(completer, () -> loop.callSoonThreadsafe(() -> future.setResult("done")));
      }
      case FOREIGN_COMPLETABLE_FUTURE -> {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        source = ExecutorFutures.from(foreign);
        complete = () -> onThread(completer, () -> foreign.complete("done"));
      }
      case FOREIGN_LISTENABLE_FUTURE -> {
        SettableFuture<String> foreign = SettableFuture.create();
        source = ExecutorFutures.from(foreign);
        complete = () -> onThread(completer, () -> foreign.set("done"));
      }
      default -> throw new AssertionError(pair.source);
    }

    REQUEST.set(CONVERTER);
    Object converted = convert(source, pair.conversion);
    setOrRemove(atRegistration);
    Seen seen = new Seen(pair.throughTheLoop());
    register(converted, pair.registration, seen);
    REQUEST.set(SET_AFTER);

    complete.run();
    String expectedThread;
    @Nullable String afterwards;
    if (pair.throughTheLoop()) {
      setOrRemove(pair.callbackOnLoop() ? own : null);
      loop.runForever();
    }
    if (pair.callbackOnLoop()) {
      expectedThread = Thread.currentThread().getName();
      afterwards = REQUEST.get();
    } else {
      ExecutorService callbackThread =
          pair.registration.runsOnTheNamedExecutor()
              ? named
              : pair.source == SourceKind.POOL_TASK ? worker : completer;
      expectedThread =
          callbackThread == named
              ? "named-executor"
              : callbackThread == worker ? "pool-worker" : "completer";
      seen.thread.get(WAIT_SECONDS, TimeUnit.SECONDS);
      afterwards = callbackThread.submit(REQUEST::get).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    REQUEST.remove();
    return new Outcome(
        seen.value.get(WAIT_SECONDS, TimeUnit.SECONDS),
        seen.thread.get(WAIT_SECONDS, TimeUnit.SECONDS),
        expectedThread,
        afterwards);
  }

  private Object convert(AsyncFuture<String> source, Conversion conversion) {
    return switch (conversion) {
      case ITSELF -> source;
      case COMPLETABLE_FUTURE_VIEW -> ExecutorFutures.asCompletableFuture(source);
      case LISTENABLE_FUTURE_VIEW -> listenableView(source);
      case FROM_COMPLETABLE_FUTURE_VIEW ->
          ExecutorFutures.from(ExecutorFutures.asCompletableFuture(source));
      case FROM_LISTENABLE_FUTURE_VIEW -> ExecutorFutures.from(listenableView(source));
      case ADOPTED_ON_THE_LOOP -> LoopFutures.adopt(loop, source);
      case EXECUTOR_VIEW_OF_THE_LOOP_FUTURE ->
          TandemExecutorFutures.asExecutorFuture((LoopFuture<String>) source);
    };
  }

  private static ListenableFuture<String> listenableView(AsyncFuture<String> source) {
    return source instanceof ExecutorFuture<String> executorFuture
        ? ExecutorFutures.asListenableFuture(executorFuture)
        : TandemListenableFutures.asListenableFuture(source);
  }

  @SuppressWarnings("unchecked")
  private void register(Object converted, Registration registration, Seen seen) {
    switch (registration) {
      case ADD_DONE_CALLBACK -> ((AsyncFuture<String>) converted).addDoneCallback(f -> seen.record());
      case THEN_APPLY ->
          ((CompletableFuture<String>) converted)
              .thenApply(
                  value -> {
                    seen.record();
                    return value;
                  });
      case WHEN_COMPLETE ->
          ((CompletableFuture<String>) converted).whenComplete((value, failure) -> seen.record());
      case A_STAGE_OF_A_STAGE ->
          ((CompletableFuture<String>) converted)
              .thenApply(value -> value)
              .whenComplete((value, failure) -> seen.record());
      case THEN_APPLY_ASYNC ->
          ((CompletableFuture<String>) converted)
              .thenApplyAsync(
                  value -> {
                    seen.record();
                    return value;
                  },
                  named);
      case ADD_LISTENER_ON_AN_EXECUTOR ->
          ((ListenableFuture<String>) converted).addListener(seen::record, named);
      case ADD_LISTENER ->
          ((ListenableFuture<String>) converted).addListener(seen::record, directExecutor());
      case FUTURES_ADD_CALLBACK ->
          Futures.addCallback(
              (ListenableFuture<String>) converted,
              new FutureCallback<String>() {
                @Override
                public void onSuccess(String result) {
                  seen.record();
                }

                @Override
                public void onFailure(Throwable failure) {
                  seen.record();
                }
              },
              directExecutor());
    }
  }

  private static void setOrRemove(@Nullable String value) {
    if (value == null) {
      REQUEST.remove();
    } else {
      REQUEST.set(value);
    }
  }

  /** Runs {@code action} on {@code thread} with a raw task and waits for it. */
  private static void onThread(ExecutorService thread, Runnable action) {
    try {
      thread.submit(action).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the action on " + thread + " did not finish", e);
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
