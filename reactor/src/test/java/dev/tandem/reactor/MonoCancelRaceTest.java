package dev.tandem.reactor;

import static dev.tandem.reactor.Threads.onLoop;
import static dev.tandem.reactor.Threads.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.reactor.Threads.Outcome;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A cancel racing an outcome ends consistently, both ways: the cancel cases of Reactor's {@code
 * MonoCompletionStageTest} ({@code cancelFutureImmediatelyCancelledLoop}, {@code
 * cancelThenFutureFails}) and kotlinx-coroutines-reactor's {@code MonoTest} ({@code
 * testBasicUnsubscribe}, {@code testUnhandledException}), as races: each round starts both sides
 * together on a {@link CyclicBarrier}, and {@value #ROUNDS} rounds run per case.
 */
@Timeout(60)
final class MonoCancelRaceTest {
  private static final int ROUNDS = 500;
  /*
   * What a subscriber that disposes itself sees of a value racing its dispose: nothing, the value
   * alone (BaseSubscriber ignores an onComplete that comes after its own dispose) or both.
   */
  private static final List<List<String>> DELIVERED_OR_NOT =
      List.of(List.of(), List.of("next v"), List.of("next v", "complete"));
  private static ExecutorService racer;
  private static BackgroundLoop background;
  private final Queue<Throwable> dropped = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    racer = Executors.newSingleThreadExecutor(r -> new Thread(r, "racer"));
    background = EventLoops.startBackgroundLoop("race-loop");
  }

  @AfterAll
  static void stop() {
    racer.shutdownNow();
    background.close();
  }

  @BeforeEach
  void recordDroppedErrors() {
    Hooks.onErrorDropped(dropped::add);
  }

  @AfterEach
  void resetHooks() {
    Hooks.resetOnErrorDropped();
  }

  /** Runs {@code here} on this thread and {@code there} on the racer, released together. */
  private static void race(Runnable here, Runnable there) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(2);
    Future<?> other =
        racer.submit(
            () -> {
              barrier.await(Threads.WAIT_SECONDS, TimeUnit.SECONDS);
              there.run();
              return null;
            });
    barrier.await(Threads.WAIT_SECONDS, TimeUnit.SECONDS);
    here.run();
    other.get(Threads.WAIT_SECONDS, TimeUnit.SECONDS);
  }

  // ---- Mono -> future: the future's cancel against the Mono's signal ----

  @Test
  void asExecutorFuture_cancelRacingTheValue_endsWithOneOutcome_andCancelsUpstreamExactlyWhenCancelled()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Sinks.One<String> sink = Sinks.one();
      AtomicBoolean upstreamCancelled = new AtomicBoolean();
      ExecutorFuture<String> future =
          TandemMonos.asExecutorFuture(sink.asMono().doOnCancel(() -> upstreamCancelled.set(true)));
      AtomicBoolean cancelReturned = new AtomicBoolean();

      race(() -> sink.tryEmitValue("v"), () -> cancelReturned.set(future.cancel("race")));

      Outcome outcome = outcomeOf(future);
      if (future.isCancelled()) {
        assertThat(outcome).isEqualTo(new Outcome.Cancelled("race"));
        assertThat(upstreamCancelled).as("round %d", round).isTrue();
      } else {
        assertThat(outcome).as("round %d", round).isEqualTo(new Outcome.Value("v"));
        assertThat(upstreamCancelled).as("a done subscription is not cancelled").isFalse();
      }
      assertThat(cancelReturned.get()).as("cancel() agrees with the state").isEqualTo(future.isCancelled());
    }
    assertThat(dropped).isEmpty();
  }

  @Test
  void asExecutorFuture_cancelRacingAFailure_keepsTheFailureOrReportsItDropped() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Sinks.One<String> sink = Sinks.one();
      ExecutorFuture<String> future = TandemMonos.asExecutorFuture(sink.asMono());
      IOException failure = new IOException("boom " + round);

      race(() -> sink.tryEmitError(failure), () -> future.cancel("race"));

      if (future.isCancelled()) {
        assertThat(outcomeOf(future)).isEqualTo(new Outcome.Cancelled("race"));
        /* The failure reached the subscriber after the cancel (dropped), or never did. */
        assertThat(dropped).allSatisfy(d -> assertThat(d).isSameAs(failure));
      } else {
        assertThat(future.exception()).as("round %d", round).isSameAs(failure);
        assertThat(dropped).isEmpty();
      }
      dropped.clear();
    }
  }

  @Test
  void asExecutorFuture_cancelRacingTheSubscriptionArriving_alwaysCancelsUpstream() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      ManualPublisher publisher = new ManualPublisher();
      ExecutorFuture<String> future = TandemMonos.asExecutorFuture(publisher.mono());

      race(publisher::signalSubscribe, () -> future.cancel("race"));

      assertThat(publisher.cancelled).as("round %d", round).isTrue();
    }
  }

  @Test
  void asLoopFuture_cancelOnTheLoopRacingTheValue_endsWithOneOutcome() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Sinks.One<String> sink = Sinks.one();
      LoopFuture<String> view = TandemMonos.asLoopFuture(sink.asMono(), background.loop());
      AtomicBoolean cancelReturned = new AtomicBoolean();

      race(
          () -> sink.tryEmitValue("v"),
          () -> background.loop().callSoonThreadsafe(() -> cancelReturned.set(view.cancel("race"))));

      /* Both the cancel and the copied value were queued on the loop before race() returned. */
      Outcome outcome = onLoop(background.loop(), () -> outcomeOf(view));
      assertThat(outcome).as("round %d", round).isIn(new Outcome.Value("v"), new Outcome.Cancelled("race"));
      assertThat(onLoop(background.loop(), cancelReturned::get)).isEqualTo(outcome instanceof Outcome.Cancelled);
    }
  }

  // ---- future -> Mono: the subscriber's cancel against the future's outcome ----

  @Test
  void asCancellingMono_disposeRacingTheValue_eitherDeliversOrCancelsTheFuture() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      SettableExecutorFuture<String> future = ExecutorFutures.settable();
      Recorder subscriber = new Recorder();
      TandemMonos.asCancellingMono(future).subscribe(subscriber);

      race(() -> future.setResult("v"), subscriber::dispose);

      if (future.isCancelled()) {
        assertThat(outcomeOf(future)).isEqualTo(new Outcome.Cancelled(FutureMono.SUBSCRIBER_CANCELLED));
        assertThat(subscriber.signals).as("round %d", round).isEmpty();
      } else {
        assertThat(future.result()).isEqualTo("v");
        assertThat(subscriber.signals).as("round %d", round).isIn(DELIVERED_OR_NOT);
      }
    }
    assertThat(dropped).isEmpty();
  }

  @Test
  void asCancellingMono_ofALoopFuture_disposeRacingTheValue_eitherDeliversOrCancelsTheFuture()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      LoopFuture<String> future = onLoop(background.loop(), () -> background.loop().<String>createFuture());
      Recorder subscriber = new Recorder();
      TandemMonos.asCancellingMono(future).subscribe(subscriber);

      race(
          () -> background.loop().callSoonThreadsafe(() -> {
            if (!future.isDone()) {
              future.setResult("v");
            }
          }),
          subscriber::dispose);

      /* The completion and the cancel were queued on the loop before race() returned. */
      Outcome outcome = onLoop(background.loop(), () -> outcomeOf(future));
      if (outcome instanceof Outcome.Cancelled cancelled) {
        assertThat(cancelled.message()).isEqualTo(FutureMono.SUBSCRIBER_CANCELLED);
        assertThat(subscriber.signals).as("round %d", round).isEmpty();
      } else {
        assertThat(outcome).isEqualTo(new Outcome.Value("v"));
        /* The done callbacks were queued by the completion, before this second round trip. */
        onLoop(background.loop(), () -> {});
        assertThat(subscriber.signals).as("round %d", round).isIn(DELIVERED_OR_NOT);
      }
    }
  }

  @Test
  void asMono_disposeRacingAFailure_neverCancelsTheFuture_andSignalsAtMostOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      SettableExecutorFuture<String> future = ExecutorFutures.settable();
      Recorder subscriber = new Recorder();
      TandemMonos.asMono(future).subscribe(subscriber);
      IOException failure = new IOException("boom " + round);

      race(() -> future.setException(failure), subscriber::dispose);

      assertThat(future.exception()).as("the future keeps its own outcome").isSameAs(failure);
      assertThat(subscriber.signals).as("round %d", round).isIn(List.of(), List.of("error boom " + round));
      /* A failure that met the cancel mid-delivery is reported to Reactor's hook, never lost silently twice. */
      assertThat(dropped).allSatisfy(d -> assertThat(d).isSameAs(failure));
      dropped.clear();
    }
  }

  @Test
  void asMono_subscribeRacingTheValue_neverLosesIt() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      SettableExecutorFuture<String> future = ExecutorFutures.settable();
      Recorder subscriber = new Recorder();
      Mono<String> mono = TandemMonos.asMono(future);

      race(() -> mono.subscribe(subscriber), () -> future.setResult("v"));

      /* Both sides deliver synchronously: a done future's callback runs at once in the registering thread. */
      assertThat(subscriber.signals).as("round %d", round).containsExactly("next v", "complete");
    }
  }

  /** Records every signal; requests everything on subscribe. */
  private static final class Recorder extends BaseSubscriber<String> {
    final List<String> signals = new CopyOnWriteArrayList<>();

    @Override
    protected void hookOnNext(String value) {
      signals.add("next " + value);
    }

    @Override
    protected void hookOnComplete() {
      signals.add("complete");
    }

    @Override
    protected void hookOnError(Throwable failure) {
      signals.add("error " + failure.getMessage());
    }
  }
}
