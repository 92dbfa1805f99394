package dev.tandem.reactor;

import static dev.tandem.reactor.Threads.onLoop;
import static dev.tandem.reactor.Threads.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.reactor.Threads.Outcome;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import dev.tandem.threads.SettableExecutorFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

/**
 * The rules of the README that the table does not walk: subscribing once, subscribing twice,
 * what a subscriber's cancel does and does not do, a closing loop, signals after a cancel.
 * Several are Reactor's {@code MonoCompletionStageTest} and kotlinx-coroutines-reactor's {@code
 * MonoTest} / {@code ConvertTest} cases, in intent.
 */
@Timeout(10)
final class TandemMonosTest {
  private static final Duration WAIT = Duration.ofSeconds(Threads.WAIT_SECONDS);
  private BackgroundLoop background;

  @BeforeEach
  void startLoop() {
    background = EventLoops.startBackgroundLoop("monos-loop");
  }

  @AfterEach
  void stopLoop() {
    background.close();
  }

  private EventLoop loop() {
    return background.loop();
  }

  // ---- Mono -> future ----

  @Test
  void asExecutorFuture_subscribesOnceAtOnce_howeverOftenTheFutureIsRead() {
    AtomicInteger subscriptions = new AtomicInteger();
    Mono<String> mono = Mono.fromCallable(() -> "v").doOnSubscribe(s -> subscriptions.incrementAndGet());

    ExecutorFuture<String> future = TandemMonos.asExecutorFuture(mono);
    future.addDoneCallback(f -> {});
    future.addDoneCallback(f -> {});

    assertThat(subscriptions).hasValue(1);
    assertThat(future.result()).isEqualTo("v");
  }

  @Test
  void asExecutorFuture_ofASynchronousMono_isDoneWhenReturned() {
    assertThat(TandemMonos.asExecutorFuture(Mono.just("v")).result()).isEqualTo("v");
    assertThat(TandemMonos.asExecutorFuture(Mono.empty()).result()).isNull();
    assertThat(TandemMonos.asExecutorFuture(Mono.<Void>empty().then()).isDone()).isTrue();
  }

  @Test
  void asExecutorFuture_ofAnEmptyMono_succeedsWithNull_notNoSuchElementException() {
    ExecutorFuture<String> future = TandemMonos.asExecutorFuture(Mono.<String>empty().publishOn(Schedulers.single()));

    await().atMost(WAIT).until(future::isDone);
    assertThat(future.exception()).isNull();
    assertThat(future.result()).isNull();
  }

  @Test
  void asExecutorFuture_unwrapsCompletionException() {
    IOException failure = new IOException("boom");

    ExecutorFuture<String> future = TandemMonos.asExecutorFuture(Mono.error(new CompletionException(failure)));

    assertThat(future.exception()).isSameAs(failure);
  }

  @Test
  void asExecutorFuture_ofAMonoErroringWithACancellation_isCancelledWithItsMessage() {
    ExecutorFuture<String> future =
        TandemMonos.asExecutorFuture(Mono.error(new java.util.concurrent.CancellationException("upstream gave up")));

    assertThat(outcomeOf(future)).isEqualTo(new Outcome.Cancelled("upstream gave up"));
  }

  @Test
  void asExecutorFuture_cancelled_cancelsTheSubscriptionUpstream() {
    PublisherProbe<String> probe = PublisherProbe.of(Mono.never());

    ExecutorFuture<String> future = TandemMonos.asExecutorFuture(probe.mono());
    assertThat(future.cancel("no longer needed")).isTrue();

    probe.assertWasSubscribed();
    probe.assertWasCancelled();
    assertThat(outcomeOf(future)).isEqualTo(new Outcome.Cancelled("no longer needed"));
  }

  @Test
  void asExecutorFuture_cancelledBeforeTheSubscriptionArrives_cancelsItWhenItDoes() {
    ManualPublisher publisher = new ManualPublisher();
    ExecutorFuture<String> future = TandemMonos.asExecutorFuture(publisher.mono());

    future.cancel("early");
    publisher.signalSubscribe();

    assertThat(publisher.cancelled).isTrue();
    assertThat(publisher.requested).as("nothing requested from a cancelled subscription").hasValue(0);
  }

  @Test
  void asExecutorFuture_signalsAfterTheCancel_areDropped_aFailureThroughReactorsHook() {
    /* A publisher that ignores the cancel and signals anyway. */
    List<Throwable> dropped = new CopyOnWriteArrayList<>();
    Hooks.onErrorDropped(dropped::add);
    try {
      ManualPublisher publisher = new ManualPublisher();
      ExecutorFuture<String> future = TandemMonos.asExecutorFuture(publisher.mono());
      publisher.signalSubscribe();
      future.cancel("first");
      IOException failure = new IOException("late");

      publisher.signalValue("late");
      publisher.signalError(failure);

      assertThat(publisher.cancelled).isTrue();
      assertThat(outcomeOf(future)).isEqualTo(new Outcome.Cancelled("first"));
      assertThat(dropped).containsExactly(failure);
    } finally {
      Hooks.resetOnErrorDropped();
    }
  }

  @Test
  void asLoopFuture_deliversOnTheLoopThread() {
    CompletableFuture<String> thread = new CompletableFuture<>();
    LoopFuture<String> future =
        TandemMonos.asLoopFuture(Mono.just("v").publishOn(Schedulers.single()), loop());
    onLoop(loop(), () -> future.addDoneCallback(f -> thread.complete(Thread.currentThread().getName())));

    assertThat(Threads.within(thread)).isEqualTo(background.thread().getName());
    assertThat(onLoop(loop(), future::result)).isEqualTo("v");
  }

  @Test
  void asLoopFuture_ofAClosedLoop_throwsAndNeverSubscribes() {
    PublisherProbe<String> probe = PublisherProbe.of(Mono.just("v"));
    background.close();

    assertThatThrownBy(() -> TandemMonos.asLoopFuture(probe.mono(), loop()))
        .isInstanceOf(RejectedExecutionException.class);
    probe.assertWasNotSubscribed();
  }

  @Test
  void asLoopFuture_whenTheLoopCloses_cancelsTheSubscription() {
    PublisherProbe<String> probe = PublisherProbe.of(Mono.never());
    LoopFuture<String> future = TandemMonos.asLoopFuture(probe.mono(), loop());

    background.close();

    await().atMost(WAIT).untilAsserted(probe::assertWasCancelled);
    assertThat(future.isCancelled()).isTrue();
  }

  // ---- future -> Mono ----

  @Test
  void asMono_subscribedTwice_runsTheTaskOnce_andBothSeeTheSameOutcome() throws Exception {
    /* ConvertTest.testDeferredToMono: two Monos of one Deferred, each gets the value. */
    AtomicInteger runs = new AtomicInteger();
    try (FutureExecutor executor = FutureExecutor.newFixedPool(1)) {
      ExecutorFuture<String> task = executor.submit(() -> "run " + runs.incrementAndGet());
      Mono<String> mono = TandemMonos.asMono(task);

      StepVerifier.create(mono).expectNext("run 1").expectComplete().verify(WAIT);
      StepVerifier.create(mono).expectNext("run 1").expectComplete().verify(WAIT);
      StepVerifier.create(TandemMonos.asMono(task)).expectNext("run 1").expectComplete().verify(WAIT);
    }
    assertThat(runs).hasValue(1);
  }

  @Test
  void asMono_ofAFailedFuture_errorsWithTheSameObject_forEverySubscriber() {
    /* ConvertTest.testDeferredToMonoFail. */
    IOException failure = new IOException("boom");
    Mono<String> mono = TandemMonos.asMono(ExecutorFutures.failed(failure));

    StepVerifier.create(mono).expectErrorSatisfies(e -> assertThat(e).isSameAs(failure)).verify(WAIT);
    StepVerifier.create(mono).expectErrorSatisfies(e -> assertThat(e).isSameAs(failure)).verify(WAIT);
  }

  @Test
  void asMono_ofANullValue_isEmpty() {
    /* ConvertTest.testDeferredToMonoEmpty; and so Mono.single() sees NoSuchElementException. */
    Mono<String> mono = TandemMonos.asMono(ExecutorFutures.<String>completed(null));

    StepVerifier.create(mono).expectComplete().verify(WAIT);
    StepVerifier.create(mono.single()).expectError(NoSuchElementException.class).verify(WAIT);
  }

  @Test
  void asMono_ofACancelledFuture_errorsWithItsCancelledException() {
    ExecutorFuture<String> future = ExecutorFutures.cancelled("bye");

    StepVerifier.create(TandemMonos.asMono(future))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(CancelledException.class).hasMessage("bye"))
        .verify(WAIT);
  }

  @Test
  void asMono_observesNothingBeforeTheFirstRequest() {
    SettableExecutorFuture<String> future = ExecutorFutures.settable();
    future.setResult("v");

    StepVerifier.create(TandemMonos.asMono(future), 0)
        .expectSubscription()
        .expectNoEvent(Duration.ZERO)
        .thenRequest(1)
        .expectNext("v")
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void asMono_subscriberCancel_leavesTheFutureAlone_andDropsNothing() {
    /* MonoCompletionStageTest.cancelThenFutureFails: the failure after the cancel belongs to the
     * future's other consumers here, so it is neither signalled nor reported as dropped. */
    SettableExecutorFuture<String> future = ExecutorFutures.settable();
    IOException failure = new IOException("boom");

    StepVerifier.create(TandemMonos.asMono(future))
        .expectSubscription()
        .thenCancel()
        .verifyThenAssertThat(WAIT)
        .hasNotDroppedErrors();
    future.setException(failure);

    assertThat(future.isCancelled()).isFalse();
    assertThat(future.exception()).isSameAs(failure);
  }

  @Test
  void asCancellingMono_subscriberCancel_cancelsTheFutureWithAMessage() {
    /* MonoCompletionStageTest.cancelFutureImmediatelyCancelledLoop, one round (the races are in MonoCancelRaceTest). */
    SettableExecutorFuture<String> future = ExecutorFutures.settable();

    StepVerifier.create(TandemMonos.asCancellingMono(future))
        .expectSubscription()
        .thenCancel()
        .verifyThenAssertThat(WAIT)
        .hasNotDroppedErrors();

    assertThat(outcomeOf(future)).isEqualTo(new Outcome.Cancelled(FutureMono.SUBSCRIBER_CANCELLED));
  }

  @Test
  void asCancellingMono_timeout_cancelsTheFuture() {
    /* MonoCompletionStageTest.cancelFutureTimeoutCancelledLoop, on virtual time instead of 10 ms. */
    SettableExecutorFuture<String> future = ExecutorFutures.settable();

    StepVerifier.withVirtualTime(() -> TandemMonos.asCancellingMono(future).timeout(Duration.ofMillis(10)))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(10))
        .expectError(TimeoutException.class)
        .verifyThenAssertThat(WAIT)
        .hasNotDroppedErrors();

    assertThat(future.isCancelled()).isTrue();
  }

  @Test
  void asMono_aSubscriberThatThrows_goesToReactorsDroppedErrorHook() {
    /* MonoCompletionStageTest.stackOverflowGoesToOnErrorDropped, with an error a map may throw. */
    Mono<String> mono =
        TandemMonos.asMono(ExecutorFutures.completed("v"))
            .map(v -> {
              throw new StackOverflowError("boom, good bye future");
            });

    StepVerifier.create(mono)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1))
        .thenCancel()
        .verifyThenAssertThat(WAIT)
        .hasDroppedErrorWithMessage("boom, good bye future");
  }

  @Test
  void asMono_ofACompletableFutureWhoseStageThrew_unwrapsTheCompletionException() {
    /* MonoCompletionStageTest.actionFailureCompletionExceptionIsUnwrapped. */
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> stage = source.whenComplete((v, e) -> {
      throw new IllegalStateException("boom");
    });
    Mono<String> mono = TandemMonos.asMono(ExecutorFutures.from(stage));

    StepVerifier.create(mono)
        .then(() -> source.complete("Success"))
        .expectError(IllegalStateException.class)
        .verify(WAIT);
  }

  @Test
  void asMono_ofALoopFuture_signalsOnTheLoopThread() {
    LoopFuture<String> future = onLoop(loop(), () -> loop().<String>createFuture());
    CompletableFuture<String> thread = new CompletableFuture<>();

    TandemMonos.asMono(future).subscribe(v -> thread.complete(Thread.currentThread().getName()));
    loop().callSoonThreadsafe(() -> future.setResult("v"));

    assertThat(Threads.within(thread)).isEqualTo(background.thread().getName());
  }

  @Test
  void asMono_ofAPendingLoopFuture_errorsWhenTheLoopCloses() {
    LoopFuture<String> future = onLoop(loop(), () -> loop().<String>createFuture());
    Mono<String> mono = TandemMonos.asMono(future);

    StepVerifier.create(mono)
        .expectSubscription()
        .then(background::close)
        .expectErrorSatisfies(
            e -> assertThat(e).isInstanceOf(CancelledException.class).hasMessageContaining("is closed"))
        .verify(WAIT);
  }

  @Test
  void asCancellingMono_ofALoopFuture_cancelsItOnItsLoop() {
    LoopFuture<String> future = onLoop(loop(), () -> loop().<String>createFuture());
    CompletableFuture<String> cancelledOn = new CompletableFuture<>();
    onLoop(loop(), () -> future.addDoneCallback(f -> cancelledOn.complete(Thread.currentThread().getName())));

    TandemMonos.asCancellingMono(future).subscribe().dispose();

    assertThat(Threads.within(cancelledOn)).isEqualTo(background.thread().getName());
    assertThat(onLoop(loop(), () -> outcomeOf(future)))
        .isEqualTo(new Outcome.Cancelled(FutureMono.SUBSCRIBER_CANCELLED));
  }

  @Test
  void asMono_disposedBeforeTheOutcome_signalsNothing() {
    /* MonoTest.testBasicUnsubscribe: nothing is called on a disposed Mono. */
    SettableExecutorFuture<String> future = ExecutorFutures.settable();
    AtomicInteger signals = new AtomicInteger();

    TandemMonos.asMono(future)
        .subscribe(v -> signals.incrementAndGet(), e -> signals.incrementAndGet(), signals::incrementAndGet)
        .dispose();
    future.setResult("v");

    assertThat(signals).hasValue(0);
  }
}
