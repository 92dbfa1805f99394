package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Context propagation on the loop with a plain {@link ThreadLocal}: for every registration point,
 * a value set before registering is seen by the code when it runs, a value set after is not, and
 * the thread holds afterwards exactly what it held before. The loop runs on the test thread, so
 * "the thread afterwards" is read directly; other threads register through the thread-safe entry
 * points.
 */
@Timeout(30)
final class ContextLoopTest {
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
  private static final ContextPropagator PROPAGATOR = ContextPropagator.ofThreadLocals(REQUEST);

  private final ManualClock clock = ManualClock.create();
  private final RecordingHandler handler = new RecordingHandler();
  private final List<@Nullable String> seen = Collections.synchronizedList(new ArrayList<>());
  private EventLoop loop;

  @BeforeEach
  void newLoop() {
    loop =
        EventLoops.builder()
            .clock(clock)
            .exceptionHandler(handler)
            .contextPropagator(PROPAGATOR)
            .build();
  }

  @AfterEach
  void cleanUp() {
    loop.close();
    REQUEST.remove();
  }

  private Runnable record() {
    return () -> seen.add(REQUEST.get());
  }

  private <T> Consumer<AsyncFuture<T>> recordDone() {
    return f -> seen.add(REQUEST.get());
  }

  /** Runs the loop on this thread, which holds {@code own} meanwhile, and checks it after. */
  private void runWhileHolding(@Nullable String own) {
    if (own == null) {
      REQUEST.remove();
    } else {
      REQUEST.set(own);
    }
    TestLoops.runUntilIdle(loop);
    assertThat(REQUEST.get()).as("what the loop thread holds after the callbacks").isEqualTo(own);
  }

  // ---- every registration point

  /**
   * One batch puts the thread back once, at its end ({@link BatchContext}): each callback still
   * sees exactly its own context, whatever the one before it set and left behind.
   */
  @Test
  void aBatchOfCallbacks_eachSeesItsOwnContext_whateverTheOneBeforeLeft_andTheThreadGetsItsOwnBack() {
    REQUEST.set("r");
    loop.callSoon(
        () -> {
          seen.add(REQUEST.get());
          REQUEST.set("left by the first");
        });
    loop.callSoon(record());
    LoopFuture<String> f = loop.createFuture();
    f.addDoneCallback(
        x -> {
          seen.add(REQUEST.get());
          REQUEST.set("left by a done callback");
        });
    REQUEST.remove();
    loop.callSoon(
        () -> {
          seen.add(REQUEST.get());
          REQUEST.set("left by one registered without a value");
        });
    f.setResult("done");
    REQUEST.set("r-2");
    loop.callSoon(record());
    runWhileHolding("the loop thread's own");
    assertThat(seen).containsExactly("r", "r", null, "r", "r-2");
  }

  @Test
  void callSoon_runsInTheRegistrantsContext_notInALaterOne() {
    REQUEST.set("r-1");
    loop.callSoon(record());
    REQUEST.set("r-2");
    loop.callSoon(record());
    REQUEST.remove();
    loop.callSoon(record()); // a captured absence hides what the loop thread holds

    runWhileHolding("loop's own");
    assertThat(seen).containsExactly("r-1", "r-2", null);
  }

  @Test
  void aValueAbsentBeforeACallback_isAbsentAfterIt() {
    REQUEST.set("r-1");
    loop.callSoon(record());
    runWhileHolding(null);
    assertThat(seen).containsExactly("r-1");
  }

  @Test
  void callSoonThreadsafe_andExecute_fromAnotherThread_runInThatThreadsContext() throws Exception {
    Thread other =
        new Thread(
            () -> {
              REQUEST.set("from other thread");
              loop.callSoonThreadsafe(record());
              REQUEST.set("executed");
              loop.execute(record());
              REQUEST.set("set after registering");
            });
    other.start();
    other.join();

    runWhileHolding("loop's own");
    assertThat(seen).containsExactly("from other thread", "executed");
  }

  @Test
  void callLater_andCallAt_runInTheRegistrantsContext_whenTheyFire() {
    REQUEST.set("later");
    loop.callLater(Duration.ofSeconds(1), record());
    REQUEST.set("at");
    loop.callAt(loop.time() + Duration.ofSeconds(2).toNanos(), record());
    REQUEST.set("after registering");

    Thread other =
        new Thread(
            () -> {
              REQUEST.set("timer from other thread");
              loop.callLater(Duration.ofSeconds(3), record());
            });
    other.start();
    assertThatJoined(other);
    loop.callSoon(() -> clock.advance(Duration.ofSeconds(3)));
    LoopFuture<Void> fired = loop.createFuture();
    loop.callLater(Duration.ofSeconds(3), () -> fired.setResult(null));
    REQUEST.set("loop's own");
    loop.runUntilComplete(fired);

    assertThat(REQUEST.get()).isEqualTo("loop's own");
    assertThat(seen).containsExactly("later", "at", "timer from other thread");
  }

  @Test
  void addDoneCallback_runsInTheRegistrantsContext_whoeverCompletesTheFuture() {
    LoopFuture<String> future = loop.createFuture();
    REQUEST.set("registrant");
    future.addDoneCallback(recordDone());
    REQUEST.set("completer");
    loop.callSoon(() -> future.setResult("done")); // completed in another context
    REQUEST.set("late registrant");
    loop.callSoon(() -> future.addDoneCallback(recordDone())); // added once it is done
    runWhileHolding("loop's own");
    assertThat(seen).containsExactly("registrant", "late registrant");
  }

  /**
   * A registration in the creator's context shares the creation snapshot
   * ({@link ContextPropagator#captureReusing}); one in another context, before or after, and one
   * with an equal value that is another object, each get their own.
   */
  @Test
  void callbacksRegisteredWhereTheFutureWasCreated_orElsewhere_eachRunInTheirOwnContext() {
    String creator = "creator";
    REQUEST.set(creator);
    LoopFuture<String> future = loop.createFuture();
    future.addDoneCallback(recordDone());
    REQUEST.set("second");
    future.addDoneCallback(recordDone());
    REQUEST.set(creator);
    future.addDoneCallback(recordDone());
    REQUEST.set(new String(creator));
    future.addDoneCallback(recordDone());
    REQUEST.set("completer");
    loop.callSoon(() -> future.setResult("done"));
    runWhileHolding("loop's own");
    assertThat(seen).containsExactly("creator", "second", "creator", "creator");
  }

  @Test
  void theCompositionOperators_runTheirFunctionsInTheComposersContext() {
    LoopFuture<String> input = loop.createFuture();
    LoopFuture<String> failing = loop.createFuture();
    REQUEST.set("map");
    LoopFuture<String> mapped = LoopFutures.map(input, v -> v + ":" + REQUEST.get());
    REQUEST.set("compose");
    LoopFuture<String> composed =
        LoopFutures.compose(
            input,
            v -> {
              LoopFuture<String> inner = loop.createFuture();
              inner.setResult(v + ":" + REQUEST.get());
              return inner;
            });
    REQUEST.set("recover");
    LoopFuture<String> recovered = LoopFutures.recover(failing, e -> "recovered:" + REQUEST.get());
    REQUEST.set("finally");
    LoopFuture<String> last = LoopFutures.andFinally(input, record());
    REQUEST.set("completer");
    loop.callSoon(
        () -> {
          input.setResult("v");
          failing.setException(new IOException("expected"));
        });

    runWhileHolding("loop's own");
    assertThat(mapped.result()).isEqualTo("v:map");
    assertThat(composed.result()).isEqualTo("v:compose");
    assertThat(recovered.result()).isEqualTo("recovered:recover");
    assertThat(last.result()).isEqualTo("v");
    assertThat(seen).containsExactly("finally");
  }

  @Test
  void theOutputOfACombinator_runsItsCallbacksInTheirRegistrantsContext() {
    LoopFuture<String> input = loop.createFuture();
    LoopFuture<List<String>> gathered = LoopFutures.gather(loop, List.of(input));
    REQUEST.set("gather's registrant");
    gathered.addDoneCallback(recordDone());
    REQUEST.set("completer");
    loop.callSoon(() -> input.setResult("v"));
    runWhileHolding(null);
    assertThat(seen).containsExactly("gather's registrant");
  }

  @Test
  void runInExecutor_runsTheTaskInTheCallersContext_andLeavesTheExecutorThreadClean()
      throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      REQUEST.set("caller");
      LoopFuture<String> result = loop.runInExecutor(pool, REQUEST::get);
      REQUEST.set("after registering");
      REQUEST.set("loop's own");
      assertThat(loop.runUntilComplete(result)).isEqualTo("caller");
      assertThat(REQUEST.get()).isEqualTo("loop's own");
      // A raw task on the same thread, with no propagation: what the thread holds now.
      assertThat(pool.submit(REQUEST::get).get(10, TimeUnit.SECONDS)).isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHostedLoop_propagatesTheSameWay() throws Exception {
    try (ExecutorHost host = new ExecutorHost("context-host")) {
      EventLoop hosted = EventLoops.builder().contextPropagator(PROPAGATOR).buildHosted(host);
      try {
        CompletableFuture<List<@Nullable String>> onHost = new CompletableFuture<>();
        REQUEST.set("submitter");
        hosted.callSoonThreadsafe(
            () -> {
              String atStart = REQUEST.get();
              LoopFuture<String> f = hosted.createFuture();
              REQUEST.set("registrant on the host"); // changed inside: gone after this callback
              f.addDoneCallback(done -> onHost.complete(List.of(atStart, REQUEST.get())));
              REQUEST.set("timer");
              hosted.callLater(Duration.ofMillis(1), () -> f.setResult(REQUEST.get()));
            });
        REQUEST.set("after");
        assertThat(onHost.get(10, TimeUnit.SECONDS))
            .containsExactly("submitter", "registrant on the host");
        assertThat(ContextCarrier.propagatorOf(hosted)).isNotSameAs(ContextPropagator.none());
        CompletableFuture<@Nullable String> hostThreadAfter = new CompletableFuture<>();
        host.scheduler.execute(() -> hostThreadAfter.complete(REQUEST.get()));
        assertThat(hostThreadAfter.get(10, TimeUnit.SECONDS)).isNull();
      } finally {
        hosted.close();
      }
    }
  }

  // ---- the exception handler

  @Test
  void theExceptionHandler_runsInTheFailingCallbacksContext_includingWhatItSet() {
    List<@Nullable String> inHandler = new ArrayList<>();
    LoopOperations.setExceptionHandler(loop, (l, context) -> inHandler.add(REQUEST.get()));
    REQUEST.set("callback");
    loop.callSoon(
        () -> {
          throw new IllegalStateException("callback failed (expected)");
        });
    LoopFuture<String> future = loop.createFuture();
    REQUEST.set("done callback");
    future.addDoneCallback(
        f -> {
          REQUEST.set("changed by the done callback");
          throw new IllegalStateException("done callback failed (expected)");
        });
    REQUEST.set("completer");
    loop.callSoon(() -> future.setResult("x"));

    runWhileHolding("loop's own");
    assertThat(inHandler).containsExactly("callback", "changed by the done callback");
  }

  @Test
  void anUnretrievedFailure_isReportedInTheContextItsFutureWasCreatedIn() {
    List<@Nullable String> inHandler = Collections.synchronizedList(new ArrayList<>());
    LoopOperations.setExceptionHandler(
        loop,
        (l, context) -> {
          if (context.kind() == LoopErrorContext.Kind.UNRETRIEVED_FAILURE) {
            inHandler.add(REQUEST.get());
          }
        });
    REQUEST.set("creator");
    failAndForget();
    REQUEST.set("loop's own");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              System.gc();
              TestLoops.runUntilIdle(loop);
              return !inHandler.isEmpty();
            });
    assertThat(inHandler).containsExactly("creator");
    assertThat(REQUEST.get()).isEqualTo("loop's own");
  }

  @Test
  void theCreationContext_survivesCallbacksAddedAndRemoved_aName_andDebugMode() {
    List<@Nullable String> inHandler = Collections.synchronizedList(new ArrayList<>());
    LoopExceptionHandler recordUnretrieved =
        (l, context) -> {
          if (context.kind() == LoopErrorContext.Kind.UNRETRIEVED_FAILURE) {
            inHandler.add(REQUEST.get());
          }
        };
    LoopOperations.setExceptionHandler(loop, recordUnretrieved);
    EventLoop debugLoop =
        EventLoops.builder()
            .debug(true)
            .exceptionHandler(recordUnretrieved)
            .contextPropagator(PROPAGATOR)
            .build();
    try {
      Consumer<AsyncFuture<String>> callback = f -> {};
      shapes(loop, callback, "one callback", f -> f.addDoneCallback(callback));
      shapes(
          loop,
          callback,
          "added and removed",
          f -> {
            f.addDoneCallback(callback);
            f.removeDoneCallback(callback);
          });
      shapes(
          loop,
          callback,
          "two callbacks",
          f -> {
            f.addDoneCallback(callback);
            f.addDoneCallback(f2 -> {});
          });
      shapes(
          loop,
          callback,
          "named",
          f -> {
            f.addDoneCallback(callback);
            LoopOperations.named(f, "with a name");
          });
      shapes(debugLoop, callback, "debug mode", f -> f.addDoneCallback(callback));
      REQUEST.set("loop's own");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                System.gc();
                TestLoops.runUntilIdle(loop);
                TestLoops.runUntilIdle(debugLoop);
                return inHandler.size() >= 5;
              });
      assertThat(inHandler)
          .containsExactlyInAnyOrder(
              "one callback", "added and removed", "two callbacks", "named", "debug mode");
    } finally {
      debugLoop.close();
    }
  }

  /** Creates a future in context {@code creator}, shapes it, fails it elsewhere, forgets it. */
  private static void shapes(
      EventLoop on,
      Consumer<AsyncFuture<String>> callback,
      String creator,
      Consumer<LoopFuture<String>> shape) {
    REQUEST.set(creator);
    LoopFuture<String> f = on.createFuture();
    REQUEST.set("someone else");
    shape.accept(f);
    f.setException(new IOException(creator + " (expected)"));
  }

  private void failAndForget() {
    LoopFuture<String> f = loop.createFuture();
    REQUEST.set("the failing code");
    f.setException(new IOException("nobody looked (expected)"));
  }

  // ---- removal, cancellation, leaks

  @Test
  void removeDoneCallback_findsAContextRegistration() {
    LoopFuture<String> future = loop.createFuture();
    Consumer<AsyncFuture<String>> callback = recordDone();
    REQUEST.set("r");
    future.addDoneCallback(callback);
    future.addDoneCallback(callback);
    future.addDoneCallback(recordDone());
    assertThat(future.removeDoneCallback(callback)).isEqualTo(2);
    LoopFuture<String> single = loop.createFuture();
    single.addDoneCallback(callback);
    assertThat(single.removeDoneCallback(callback)).isEqualTo(1);
    future.setResult("x");
    single.setResult("x");
    runWhileHolding(null);
    assertThat(seen).containsExactly("r");
  }

  @Test
  void aSnapshot_isReleasedOnceItsCallbackRan_wasRemoved_orWasCancelled() {
    ThreadLocal<Object> marker = new ThreadLocal<>();
    EventLoop markerLoop =
        EventLoops.builder().contextPropagator(ContextPropagator.ofThreadLocals(marker)).build();
    try {
      // the handles stay referenced to the end: a handle drops its snapshot once it ran or was
      // cancelled, and a timer handle too
      List<Handle> handles = new ArrayList<>();
      WeakReference<Object> ran =
          captureIn(marker, () -> handles.add(markerLoop.callSoon(() -> {})));
      WeakReference<Object> timerRan =
          captureIn(marker, () -> handles.add(markerLoop.callLater(Duration.ZERO, () -> {})));
      WeakReference<Object> cancelled =
          captureIn(
              marker,
              () -> {
                Handle h = markerLoop.callLater(Duration.ofDays(1), () -> {});
                handles.add(h);
                h.cancel();
              });
      LoopFuture<String> future = markerLoop.createFuture(); // created without a marker
      Consumer<AsyncFuture<String>> callback = f -> {};
      WeakReference<Object> removed =
          captureIn(
              marker,
              () -> {
                future.addDoneCallback(callback);
                future.removeDoneCallback(callback);
              });
      LoopFuture<String> completed = markerLoop.createFuture();
      WeakReference<Object> doneCallback =
          captureIn(marker, () -> completed.addDoneCallback(callback));
      completed.setResult("x");
      TestLoops.runUntilIdle(markerLoop);

      TestLoops.awaitCollected(ran, timerRan, cancelled, removed, doneCallback);
      assertThat(future.isDone()).as("kept alive to the end").isFalse();
      assertThat(handles).as("kept alive to the end").hasSize(3);
    } finally {
      markerLoop.close();
    }
  }

  /** Runs {@code registration} with a fresh value in {@code local}; returns a weak ref to it. */
  /** Within one turn on the loop thread, registrations in the same context share one snapshot. */
  @Test
  void registrationsInOneTurnAndOneContext_shareOneSnapshot_andAChangedValueGetsItsOwn() {
    List<@Nullable ContextSnapshot> snapshots = new ArrayList<>();
    loop.callSoon(
        () -> {
          List<LoopHandle> handles = new ArrayList<>();
          REQUEST.set("r-1");
          handles.add((LoopHandle) loop.callSoon(record()));
          handles.add((LoopHandle) loop.callSoon(record()));
          REQUEST.set("r-2");
          handles.add((LoopHandle) loop.callSoon(record()));
          REQUEST.set("r-1");
          handles.add((LoopHandle) loop.callSoon(record()));
          handles.forEach(h -> snapshots.add(h.snapshot())); // before they run and drop them
        });
    runWhileHolding("loop's own");
    assertThat(seen).containsExactly("r-1", "r-1", "r-2", "r-1");
    assertThat(snapshots).hasSize(4).doesNotContainNull();
    assertThat(snapshots.get(1)).as("same turn, same value").isSameAs(snapshots.get(0));
    assertThat(snapshots.get(2)).as("another value").isNotSameAs(snapshots.get(0));
    assertThat(snapshots.get(3))
        .as("the first value again, after another: a new snapshot")
        .isNotSameAs(snapshots.get(0))
        .isNotSameAs(snapshots.get(2));
  }

  /**
   * On the loop thread a turn's captures share one snapshot while the values stay the same
   * ({@code DefaultEventLoop.captureContext}); the loop drops it when the turn ends, and the last
   * callback it ran (whose wrapper holds the snapshot too) when it stops, so it keeps nothing
   * alive: the futures and the loop stay referenced here, the captured value goes.
   */
  @Test
  void snapshotsSharedWithinATurn_andTheLastCallbackRun_areReleased_whileLoopAndFuturesLive() {
    ThreadLocal<Object> marker = new ThreadLocal<>();
    EventLoop markerLoop =
        EventLoops.builder().contextPropagator(ContextPropagator.ofThreadLocals(marker)).build();
    try {
      List<LoopFuture<String>> futures = new ArrayList<>();
      List<Object> seen = new ArrayList<>();
      List<WeakReference<Object>> captured = new ArrayList<>();
      LoopFuture<String> last = markerLoop.createFuture();
      markerLoop.callSoon(
          () ->
              captured.add(
                  captureIn(
                      marker,
                      () -> {
                        for (int i = 0; i < 3; i++) {
                          LoopFuture<String> f = markerLoop.createFuture();
                          f.addDoneCallback(done -> seen.add(marker.get()));
                          f.setResult("x");
                          futures.add(f);
                        }
                        markerLoop.callSoon(() -> seen.add(marker.get()));
                        // the last capture on the loop thread is this turn's: nothing after it
                        // replaces what the loop shares within the turn
                        last.addDoneCallback(done -> markerLoop.stop());
                        last.setResult("x");
                      })));
      markerLoop.runForever();
      assertThat(seen).hasSize(4).doesNotContainNull();
      assertThat(new java.util.HashSet<>(seen)).as("one value, seen by all").hasSize(1);
      seen.clear();
      assertThat(marker.get()).as("the loop thread is clean").isNull();

      TestLoops.awaitCollected(captured.get(0));
      assertThat(futures).as("kept alive to the end").hasSize(3).allMatch(LoopFuture::isDone);
    } finally {
      markerLoop.close();
    }
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

  // ---- off means off

  @Test
  void aLoopWithoutPropagation_storesTheCallbackItself_andCarriesNone() {
    EventLoop plain = EventLoops.newEventLoop();
    try {
      Runnable callback = () -> {};
      REQUEST.set("ignored");
      Handle h = plain.callSoon(callback);
      assertThat(((LoopHandle) h).pendingCallback()).isSameAs(callback);
      Handle timer = plain.callLater(Duration.ofDays(1), callback);
      assertThat(((LoopHandle) timer).pendingCallback()).isSameAs(callback);
      assertThat(ContextCarrier.propagatorOf(plain)).isSameAs(ContextPropagator.none());
      assertThat(ContextCarrier.propagatorOf(plain.createFuture()))
          .isSameAs(ContextPropagator.none());
      timer.cancel();
    } finally {
      plain.close();
    }
    assertThat(ContextCarrier.propagatorOf(loop)).isNotSameAs(ContextPropagator.none());
    assertThat(ContextCarrier.propagatorOf(loop.createFuture()))
        .isSameAs(ContextCarrier.propagatorOf(loop));
  }

  @Test
  void aWrappedCallback_isDescribedAsTheUsersCallback() {
    Runnable callback =
        new Runnable() {
          @Override
          public void run() {}

          @Override
          public String toString() {
            return "the user's callback";
          }
        };
    REQUEST.set("r");
    Handle h = loop.callSoon(callback);
    assertThat(String.valueOf(((LoopHandle) h).pendingCallback())).isEqualTo("the user's callback");
  }

  // ---- CPython's test_context_* (test_tasks.py, test_futures2.py), in callbacks

  /**
   * test_context_1: work started before the registrant changes its value sees the old value
   * across every step, and the registrant keeps its new value.
   */
  @Test
  void python_context1_aSubtaskStartedBeforeAChangeSeesTheOldValueAtEveryStep() {
    REQUEST.set("nope");
    LoopFuture<Void> sub = loop.createFuture();
    loop.callSoon(
        () ->
            loop.callLater(
                Duration.ofMillis(10),
                () -> {
                  seen.add(REQUEST.get());
                  REQUEST.set("something else");
                  sub.setResult(null);
                }));
    REQUEST.set("yes");
    sub.addDoneCallback(recordDone());
    loop.callSoon(() -> clock.advance(Duration.ofMillis(10)));
    loop.runUntilComplete(sub);
    TestLoops.runUntilIdle(loop);
    assertThat(seen).containsExactly("nope", "yes");
    assertThat(REQUEST.get()).isEqualTo("yes");
  }

  /** test_context_2: a done callback's changes do not pollute its registrant's context. */
  @Test
  void python_context2_aDoneCallbacksChangesDoNotPolluteTheRegistrant() {
    REQUEST.set("nope");
    for (int j = 0; j < 2; j++) {
      LoopFuture<Void> future = loop.createFuture();
      future.addDoneCallback(f -> REQUEST.set("something else"));
      REQUEST.set("yes" + j);
      loop.callSoon(() -> future.setResult(null));
      String expected = "yes" + j;
      future.addDoneCallback(f -> seen.add(REQUEST.get()));
      loop.runUntilComplete(future);
      TestLoops.runUntilIdle(loop);
      assertThat(REQUEST.get()).isEqualTo(expected);
    }
    assertThat(seen).containsExactly("yes0", "yes1");
  }

  /**
   * test_context_3: a hundred chains of callbacks interleaved on one loop, each setting its own
   * value at every step and finding it again at the next; the loop thread is untouched after.
   */
  @Test
  void python_context3_aHundredInterleavedChainsEachKeepTheirOwnValue() {
    List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
    List<LoopFuture<Void>> chains = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      LoopFuture<Void> done = loop.createFuture();
      chains.add(done);
      REQUEST.set("chain " + n + " step 0");
      step(n, 0, done, mismatches);
    }
    REQUEST.remove();
    LoopFuture<List<Void>> all = LoopFutures.gather(loop, chains);
    loop.callSoon(
        new Runnable() {
          @Override
          public void run() {
            if (!all.isDone()) {
              clock.advance(Duration.ofMillis(1));
              loop.callSoon(this);
            }
          }
        });
    loop.runUntilComplete(all);
    assertThat(mismatches).isEmpty();
    assertThat(REQUEST.get()).isNull();
  }

  private void step(int chain, int i, LoopFuture<Void> done, List<String> mismatches) {
    loop.callLater(
        Duration.ofMillis(1 + (chain * 7 + i * 13) % 50),
        () -> {
          String expected = "chain " + chain + " step " + i;
          if (!expected.equals(REQUEST.get())) {
            mismatches.add(expected + " saw " + REQUEST.get());
          }
          if (i == 9) {
            done.setResult(null);
            return;
          }
          REQUEST.set("chain " + chain + " step " + (i + 1));
          step(chain, i + 1, done, mismatches);
        });
  }

  /**
   * test_futures2's test_handle_exc_handler_correct_context: the handler runs in the context of
   * the callback that failed, with what it set before failing.
   */
  @Test
  void python_handleExcHandlerCorrectContext() {
    List<@Nullable String> inHandler = new ArrayList<>();
    LoopOperations.setExceptionHandler(loop, (l, context) -> inHandler.add(REQUEST.get()));
    REQUEST.set("foo");
    loop.callSoon(
        () -> {
          REQUEST.set("bar");
          throw new ArithmeticException("/ by zero (expected)");
        });
    runWhileHolding("foo");
    assertThat(inHandler).containsExactly("bar");
  }

  private static void assertThatJoined(Thread thread) {
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(thread.isAlive()).isFalse();
  }
}
