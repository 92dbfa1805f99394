package dev.tandem.reactor;

import static dev.tandem.reactor.Threads.onLoop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.context.MicrometerContext;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.threads.FutureExecutor;
import io.micrometer.context.ContextRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Reactor's {@code Context} and Tandem's context propagation, meeting through Micrometer's
 * context-propagation: a {@code ThreadLocal} registered as a real {@code ThreadLocalAccessor} on
 * the global {@code ContextRegistry}, a loop and a pool propagating it with {@code
 * MicrometerContext.propagator()}.
 */
@Timeout(10)
final class ReactorContextTest {
  private static final String KEY = "tandem.test.requestId";
  private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
  private static final Duration WAIT = Duration.ofSeconds(Threads.WAIT_SECONDS);

  private final ContextPropagator propagator = MicrometerContext.propagator();
  private BackgroundLoop background;
  private FutureExecutor pool;

  @BeforeAll
  static void registerTheAccessor() {
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(KEY, REQUEST_ID::get, REQUEST_ID::set, REQUEST_ID::remove);
  }

  @AfterAll
  static void removeTheAccessor() {
    ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
  }

  @BeforeEach
  void start() {
    background = EventLoops.builder().contextPropagator(propagator).startBackgroundLoop("reactor-context-loop");
    pool = FutureExecutor.newFixedPool(1, "reactor-context-pool", propagator);
  }

  @AfterEach
  void stop() {
    pool.close();
    background.close();
    REQUEST_ID.remove();
  }

  private EventLoop loop() {
    return background.loop();
  }

  private static <R> R withRequestId(String value, Supplier<R> block) {
    REQUEST_ID.set(value);
    try {
      return block.get();
    } finally {
      REQUEST_ID.remove();
    }
  }

  private @Nullable String loopThreadValue() {
    return onLoop(loop(), REQUEST_ID::get);
  }

  /** Completes {@code future} on its loop from a callback queued by a thread holding its own value. */
  private static <T> void completeOnLoop(LoopFuture<T> future, T value) {
    withRequestId(
        "the completer's",
        () -> future.loop().callSoonThreadsafe(() -> future.setResult(value)));
  }

  private static <T> T within(CompletableFuture<T> future) throws Exception {
    return future.get(Threads.WAIT_SECONDS, TimeUnit.SECONDS);
  }

  // ---- Reactor's Context into Tandem's callbacks (future -> Mono) ----

  @Test
  void asMono_ofAPropagatingLoopFuture_signalsWithTheSubscribersContextAsThreadLocals() throws Exception {
    LoopFuture<String> future = onLoop(loop(), () -> loop().<String>createFuture());
    CompletableFuture<String> seen = new CompletableFuture<>();
    withRequestId(
        "the subscribing thread's",
        () -> {
          TandemMonos.asMono(future)
              .map(value -> value + " with " + REQUEST_ID.get())
              .contextWrite(Context.of(KEY, "req-1"))
              .subscribe(seen::complete, seen::completeExceptionally);
          REQUEST_ID.set("set after subscribing");
          return null;
        });

    completeOnLoop(future, "done");

    assertThat(within(seen)).isEqualTo("done with req-1");
    assertThat(loopThreadValue()).isNull();
  }

  @Test
  void asMono_tandemWorkRegisteredDownstream_runsInTheReactorContextsValues() throws Exception {
    LoopFuture<String> future = onLoop(loop(), () -> loop().<String>createFuture());
    CompletableFuture<String> seen = new CompletableFuture<>();
    TandemMonos.asMono(future)
        // On the loop thread, in the Tandem callback that signals: the task captures req-2.
        .flatMap(value -> TandemMonos.asMono(pool.submit(() -> value + " priced with " + REQUEST_ID.get())))
        .contextWrite(Context.of(KEY, "req-2"))
        .subscribe(seen::complete, seen::completeExceptionally);

    completeOnLoop(future, "done");

    assertThat(within(seen)).isEqualTo("done priced with req-2");
    assertThat(loopThreadValue()).isNull();
  }

  @Test
  void asMono_ofAFutureWithoutPropagation_setsNoThreadLocal() throws Exception {
    try (BackgroundLoop plain = EventLoops.startBackgroundLoop("reactor-plain-loop")) {
      LoopFuture<String> future = onLoop(plain.loop(), () -> plain.loop().<String>createFuture());
      CompletableFuture<String> seen = new CompletableFuture<>();
      TandemMonos.asMono(future)
          .map(value -> value + " with " + REQUEST_ID.get())
          .contextWrite(Context.of(KEY, "req-3"))
          .subscribe(seen::complete, seen::completeExceptionally);

      plain.loop().callSoonThreadsafe(() -> future.setResult("done"));

      assertThat(within(seen)).isEqualTo("done with null");
    }
  }

  @Test
  void asMono_withReactorsAutomaticPropagationOn_seesTheSameAndLeavesTheLoopThreadClean() throws Exception {
    Hooks.enableAutomaticContextPropagation();
    try {
      LoopFuture<String> future = onLoop(loop(), () -> loop().<String>createFuture());
      CompletableFuture<String> seen = new CompletableFuture<>();
      TandemMonos.asMono(future)
          .map(value -> value + " with " + REQUEST_ID.get())
          .contextWrite(Context.of(KEY, "req-4"))
          .subscribe(seen::complete, seen::completeExceptionally);

      completeOnLoop(future, "done");

      assertThat(within(seen)).isEqualTo("done with req-4");
      assertThat(loopThreadValue()).isNull();
    } finally {
      Hooks.disableAutomaticContextPropagation();
    }
  }

  // ---- Tandem's context into Reactor's Context (Mono -> future) ----

  @Test
  void asLoopFuture_onAPropagatingLoop_subscribesWithTheCallersThreadLocalsInTheContext() throws Exception {
    CompletableFuture<String> fromContext = new CompletableFuture<>();
    CompletableFuture<String> inHandle = new CompletableFuture<>();
    // Tandem code in a loop callback registered where req-5 was current: it runs with req-5.
    withRequestId(
        "req-5",
        () ->
            loop()
                .callSoonThreadsafe(
                    () -> {
                      LoopFuture<String> context =
                          TandemMonos.asLoopFuture(
                              Mono.deferContextual(ctx -> Mono.just(ctx.getOrDefault(KEY, "none"))),
                              loop());
                      context.addDoneCallback(f -> fromContext.complete(f.result()));
                      // handle() sets the Context's thread-locals, here on a Reactor thread.
                      TandemMonos.asLoopFuture(
                              Mono.just("handled")
                                  .publishOn(Schedulers.single())
                                  .<String>handle((v, sink) -> sink.next(v + " with " + REQUEST_ID.get())),
                              loop())
                          .addDoneCallback(f -> inHandle.complete(f.result()));
                      REQUEST_ID.set("set after converting");
                    }));

    assertThat(within(fromContext)).isEqualTo("req-5");
    assertThat(within(inHandle)).isEqualTo("handled with req-5");
    assertThat(loopThreadValue()).isNull();
  }

  @Test
  void asLoopFuture_onALoopWithoutPropagation_capturesNothing() throws Exception {
    try (BackgroundLoop plain = EventLoops.startBackgroundLoop("reactor-plain-loop")) {
      LoopFuture<String> context =
          withRequestId(
              "req-6",
              () ->
                  TandemMonos.asLoopFuture(
                      Mono.deferContextual(ctx -> Mono.just(ctx.getOrDefault(KEY, "none"))),
                      plain.loop()));
      CompletableFuture<String> seen = new CompletableFuture<>();
      plain.loop().callSoonThreadsafe(() -> context.addDoneCallback(f -> seen.complete(f.result())));

      assertThat(within(seen)).isEqualTo("none");
    }
  }

  @Test
  void asExecutorFuture_capturesNothing_andContextCaptureGivesTheMonoTheCallersThreadLocals() throws Exception {
    Mono<String> readsContext = Mono.deferContextual(ctx -> Mono.just(ctx.getOrDefault(KEY, "none")));

    ExecutorFuture<@Nullable String> plain =
        withRequestId("req-7", () -> TandemMonos.asExecutorFuture(readsContext));
    ExecutorFuture<@Nullable String> captured =
        withRequestId("req-7", () -> TandemMonos.asExecutorFuture(readsContext.contextCapture()));

    assertThat(plain.result(WAIT)).isEqualTo("none");
    assertThat(captured.result(WAIT)).isEqualTo("req-7");
  }
}
