package dev.tandem.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopErrorContext;
import dev.tandem.loop.LoopFutures;
import dev.tandem.loop.LoopOperations;
import dev.tandem.threads.ExecutorCombinators;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * SLF4J's MDC (Logback as the backend) carried by Micrometer's context-propagation through
 * Tandem's loop, executor, views and conversions: each log line below is asserted on the event
 * Logback appended, with the MDC it was logged with. A request id set before registering is on
 * the line, whichever thread logs it; one set after registering is not; and the thread that ran
 * the code holds its own MDC again afterwards.
 */
@Timeout(30)
final class MdcPropagationTest {
  private static final String KEY = "requestId";
  private static final Logger LOG = LoggerFactory.getLogger("dev.tandem.context.test");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ContextPropagator propagator =
      MicrometerContext.propagator(
          new ContextRegistry().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(KEY)));
  private LogEvents events;
  private EventLoop loop;
  private ExecutorService worker;
  private FutureExecutor pool;

  @BeforeEach
  void setUp() {
    events = new LogEvents("dev.tandem.context.test");
    loop = EventLoops.builder().contextPropagator(propagator).build();
    worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "mdc-pool-thread-1"));
    pool = FutureExecutor.wrapping(worker, propagator);
  }

  /** What the pool's thread holds now, read by a raw task that propagates nothing. */
  private @Nullable String workerHolds() throws Exception {
    return worker.submit(() -> MDC.get(KEY)).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() {
    loop.close();
    pool.shutdown(false, true);
    events.close();
    MDC.clear();
  }

  /** Runs the loop on this thread, which holds {@code own} meanwhile, until {@code until}. */
  private void runLoopHolding(String own, LoopFuture<?> until) {
    MDC.put(KEY, own);
    loop.runUntilComplete(until);
    assertThat(MDC.get(KEY)).as("the loop thread's own MDC, after the callbacks").isEqualTo(own);
  }

  @Test
  void loopCallbacks_logWithTheirRegistrantsRequestId() throws Exception {
    LoopFuture<String> input = loop.createFuture();
    MDC.put(KEY, "req-soon");
    loop.callSoon(() -> LOG.info("callSoon"));
    MDC.put(KEY, "req-later");
    loop.callLater(Duration.ofMillis(1), () -> LOG.info("callLater"));
    MDC.put(KEY, "req-done");
    input.addDoneCallback(f -> LOG.info("done callback"));
    MDC.put(KEY, "req-map");
    LoopFuture<String> mapped =
        LoopFutures.map(
            input,
            v -> {
              LOG.info("map");
              return v;
            });
    MDC.put(KEY, "req-executor");
    LoopFuture<String> blocking =
        loop.runInExecutor(
            pool,
            () -> {
              LOG.info("runInExecutor");
              return "slow";
            });
    MDC.put(KEY, "req-pool");
    pool.submit(() -> loop.callSoonThreadsafe(() -> input.setResult("v"))); // from a pool thread
    MDC.remove(KEY);
    loop.callSoon(() -> LOG.info("no request"));
    MDC.put(KEY, "set after registering");

    runLoopHolding("loop's own", LoopFutures.gather(loop, List.of(mapped, blocking)));
    loop.runUntilComplete(sleepOnLoop(Duration.ofMillis(2)));

    assertThat(events.mdcOf("callSoon", KEY)).isEqualTo("req-soon");
    assertThat(events.mdcOf("callLater", KEY)).isEqualTo("req-later");
    assertThat(events.mdcOf("done callback", KEY)).isEqualTo("req-done");
    assertThat(events.mdcOf("map", KEY)).isEqualTo("req-map");
    assertThat(events.mdcOf("runInExecutor", KEY)).isEqualTo("req-executor");
    assertThat(events.mdcOf("no request", KEY)).as("absent where registered").isNull();
    assertThat(workerHolds()).isNull();
  }

  private LoopFuture<Void> sleepOnLoop(Duration delay) {
    LoopFuture<Void> f = loop.createFuture();
    loop.callLater(delay, () -> f.setResult(null));
    return f;
  }

  @Test
  void theExceptionHandler_logsWithTheFailingCallbacksRequestId() {
    LoopOperations.setExceptionHandler(loop, (l, context) -> LOG.info("handler: " + context.kind()));
    MDC.put(KEY, "req-failing");
    loop.callSoon(
        () -> {
          throw new IllegalStateException("expected");
        });
    MDC.put(KEY, "req-after");
    runLoopHolding("loop's own", sleepOnLoop(Duration.ofMillis(1)));
    assertThat(events.mdcOf("handler: CALLBACK_FAILED", KEY)).isEqualTo("req-failing");
  }

  @Test
  void anUnretrievedFailureCollectedByTheGc_isReportedWithItsCreatorsRequestId() {
    LoopOperations.setExceptionHandler(loop, (l, context) -> LOG.info("handler: " + context.kind()));
    MDC.put(KEY, "req-creator");
    failAndForget();
    MDC.put(KEY, "loop's own");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              System.gc();
              loop.runUntilComplete(sleepOnLoop(Duration.ZERO));
              return events.size() > 0;
            });
    assertThat(events.mdcOf("handler: " + LoopErrorContext.Kind.UNRETRIEVED_FAILURE, KEY))
        .isEqualTo("req-creator");
    assertThat(MDC.get(KEY)).isEqualTo("loop's own");
  }

  private void failAndForget() {
    LoopFuture<String> f = loop.createFuture();
    MDC.put(KEY, "req-the-failing-code");
    f.setException(new IOException("nobody looked (expected)"));
  }

  @Test
  void executorTasksAndCallbacks_logWithTheirRegistrantsRequestId() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MDC.put(KEY, "req-submit");
    ExecutorFuture<String> task =
        pool.submit(
            () -> {
              release.await();
              LOG.info("submit");
              return "v";
            });
    MDC.put(KEY, "req-execute");
    pool.execute(() -> LOG.info("execute"));
    MDC.put(KEY, "req-callback");
    task.addDoneCallback(f -> LOG.info("executor done callback"));
    MDC.put(KEY, "req-map");
    ExecutorFuture<String> mapped =
        ExecutorCombinators.map(
            task,
            v -> {
              LOG.info("combinator map");
              return v;
            },
            pool);
    MDC.put(KEY, "set after registering");
    release.countDown();
    mapped.result(WAIT);
    MDC.put(KEY, "req-pool-map");
    pool.map(i -> {
      LOG.info("pool map " + i);
      return i;
    }, List.of(1), WAIT);
    MDC.put(KEY, "set after registering");
    Awaitility.await().atMost(WAIT).until(() -> events.size() >= 5);

    assertThat(events.mdcOf("submit", KEY)).isEqualTo("req-submit");
    assertThat(events.mdcOf("execute", KEY)).isEqualTo("req-execute");
    assertThat(events.mdcOf("executor done callback", KEY)).isEqualTo("req-callback");
    assertThat(events.mdcOf("combinator map", KEY)).isEqualTo("req-map");
    assertThat(events.mdcOf("pool map 1", KEY)).isEqualTo("req-pool-map");
    assertThat(events.all()).allSatisfy(e -> assertThat(e.thread()).startsWith("mdc-pool-thread-"));
    assertThat(workerHolds()).as("the worker keeps nothing of it").isNull();
  }

  @Test
  void theViews_runStagesAndListenersWithTheirRegistrantsRequestId() throws Exception {
    MDC.put(KEY, "req-source");
    ExecutorFuture<String> task = pool.submit(() -> "v");
    task.result(WAIT);
    CompletableFuture<String> cfView = ExecutorFutures.asCompletableFuture(task);
    MDC.put(KEY, "req-stage");
    CompletableFuture<Void> stage = cfView.thenAcceptAsync(v -> LOG.info("cf stage"));
    ListenableFuture<String> lfView = ExecutorFutures.asListenableFuture(task);
    MDC.put(KEY, "req-listener");
    SettableFuture<Void> listened = SettableFuture.create();
    lfView.addListener(
        () -> {
          LOG.info("lf listener");
          listened.set(null);
        },
        MoreExecutors.directExecutor());
    MDC.put(KEY, "set after registering");
    stage.get(10, TimeUnit.SECONDS);
    listened.get(10, TimeUnit.SECONDS);
    assertThat(events.mdcOf("cf stage", KEY)).isEqualTo("req-stage");
    assertThat(events.mdcOf("lf listener", KEY)).isEqualTo("req-listener");
    assertThat(workerHolds()).isNull();
  }

  @Test
  void conversionsAmongTheFutureTypes_runCallbacksInTheirRegistrantsContext() throws Exception {
    // executor future -> loop future (a propagating loop adopts it)
    MDC.put(KEY, "req-task");
    ExecutorFuture<String> task = pool.submit(() -> "from the pool");
    LoopFuture<String> onLoop = LoopFutures.adopt(loop, task);
    MDC.put(KEY, "req-adopted");
    onLoop.addDoneCallback(f -> LOG.info("adopted on the loop"));

    // loop future -> CompletableFuture view -> executor future adapter
    LoopFuture<String> loopFuture = loop.createFuture();
    CompletableFuture<String> cfOfLoop = ExecutorFutures.asCompletableFuture(loopFuture);
    MDC.put(KEY, "req-cf-of-loop");
    CompletableFuture<Void> cfStage = cfOfLoop.thenAccept(v -> LOG.info("cf of loop"));
    ExecutorFuture<String> executorOfLoop = ExecutorFutures.from(cfOfLoop);
    MDC.put(KEY, "req-executor-of-loop");
    executorOfLoop.addDoneCallback(f -> LOG.info("executor of loop"));

    // a foreign CompletableFuture -> loop future on the propagating loop
    CompletableFuture<String> foreign = new CompletableFuture<>();
    LoopFuture<String> foreignOnLoop = LoopFutures.adopt(loop, ExecutorFutures.from(foreign));
    MDC.put(KEY, "req-foreign");
    foreignOnLoop.addDoneCallback(f -> LOG.info("foreign on the loop"));

    MDC.put(KEY, "req-completer");
    loop.callSoon(() -> loopFuture.setResult("v"));
    pool.submit(() -> foreign.complete("f"));
    MDC.put(KEY, "set after registering");
    runLoopHolding("loop's own", LoopFutures.gather(loop, List.of(onLoop, foreignOnLoop, loopFuture)));
    cfStage.get(10, TimeUnit.SECONDS);
    Awaitility.await().atMost(WAIT).until(() -> events.size() >= 4);

    assertThat(events.mdcOf("adopted on the loop", KEY)).isEqualTo("req-adopted");
    assertThat(events.mdcOf("cf of loop", KEY)).isEqualTo("req-cf-of-loop");
    assertThat(events.mdcOf("executor of loop", KEY)).isEqualTo("req-executor-of-loop");
    assertThat(events.mdcOf("foreign on the loop", KEY)).isEqualTo("req-foreign");
    assertThat(ContextCarrier.propagatorOf(cfOfLoop)).isSameAs(ContextCarrier.propagatorOf(loop));
    assertThat(ContextCarrier.propagatorOf(executorOfLoop)).isSameAs(ContextCarrier.propagatorOf(loop));
    assertThat(ContextCarrier.propagatorOf(ExecutorFutures.from(foreign)))
        .as("a foreign future carries nothing")
        .isSameAs(ContextPropagator.none());
  }
}
