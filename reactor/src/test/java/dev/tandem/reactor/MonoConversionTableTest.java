package dev.tandem.reactor;

import static dev.tandem.reactor.Threads.onLoop;
import static dev.tandem.reactor.Threads.onNewThread;
import static dev.tandem.reactor.Threads.outcomeOf;
import static dev.tandem.reactor.Threads.within;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.reactor.Threads.Outcome;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Walks every conversion between a {@code Mono} and the four future types (Tandem's two kinds
 * directly, {@code CompletableFuture} and {@code ListenableFuture} through an executor future),
 * both ways (8 ordered pairs), through every rule of the README, and checks which thread sees
 * the view complete.
 */
@Timeout(10)
final class MonoConversionTableTest {
  enum Rep { MONO, EXECUTOR, LOOP, COMPLETABLE, LISTENABLE }

  enum Scenario { VALUE, EMPTY, SAME_FAILURE, CANCEL_FROM_SOURCE, CANCEL_FROM_VIEW, CANCEL_MESSAGE }

  private static final String COMPLETER = "completer";
  private static BackgroundLoop background;

  @BeforeAll
  static void startLoop() {
    background = EventLoops.startBackgroundLoop("table-loop");
  }

  @AfterAll
  static void stopLoop() {
    background.close();
  }

  private static EventLoop loop() {
    return background.loop();
  }

  static Stream<Arguments> pairs() {
    List<Arguments> pairs = new ArrayList<>();
    for (Scenario scenario : Scenario.values()) {
      for (Rep future : List.of(Rep.EXECUTOR, Rep.LOOP, Rep.COMPLETABLE, Rep.LISTENABLE)) {
        pairs.add(Arguments.of(Rep.MONO, future, scenario));
        pairs.add(Arguments.of(future, Rep.MONO, scenario));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @MethodSource("pairs")
  void everyConversion_keepsValueEmptinessFailureObjectAndCancellation(
      Rep from, Rep to, Scenario scenario) {
    Side source = create(from);
    Side view = convert(source, to);
    CompletableFuture<Thread> sourceObserved = source.observe();
    CompletableFuture<Thread> viewObserved = view.observe();

    switch (scenario) {
      case VALUE -> {
        onNewThread(COMPLETER, () -> source.complete("v"));
        assertThat(view.outcomeAfter(viewObserved)).isEqualTo(new Outcome.Value("v"));
      }
      case EMPTY -> {
        onNewThread(COMPLETER, () -> source.complete(null));
        assertThat(view.outcomeAfter(viewObserved)).isEqualTo(new Outcome.Value(null));
      }
      case SAME_FAILURE -> {
        IOException failure = new IOException("boom");
        onNewThread(COMPLETER, () -> source.fail(failure));
        Outcome outcome = view.outcomeAfter(viewObserved);
        assertThat(outcome).isInstanceOf(Outcome.Failure.class);
        assertThat(((Outcome.Failure) outcome).failure()).isSameAs(failure);
      }
      case CANCEL_FROM_SOURCE -> {
        onNewThread(COMPLETER, () -> source.cancel(null));
        assertThat(view.outcomeAfter(viewObserved)).isInstanceOf(Outcome.Cancelled.class);
      }
      case CANCEL_FROM_VIEW -> {
        view.cancel(null);
        assertThat(source.outcomeAfter(sourceObserved))
            .as("cancelling the view cancels the source")
            .isInstanceOf(Outcome.Cancelled.class);
        if (to == Rep.MONO) {
          assertThat(view.signalled()).as("a cancelled subscriber is sent nothing").isFalse();
        } else {
          assertThat(view.outcomeAfter(viewObserved)).isInstanceOf(Outcome.Cancelled.class);
        }
      }
      case CANCEL_MESSAGE -> {
        checkMessageFromSource(from, to);
        checkMessageFromView(from, to);
      }
    }
    if (scenario != Scenario.CANCEL_FROM_VIEW && scenario != Scenario.CANCEL_MESSAGE) {
      /* A loop future's outcome is seen on its loop; everything else in the completing thread. */
      String expected =
          from == Rep.LOOP || to == Rep.LOOP ? background.thread().getName() : COMPLETER;
      assertThat(within(viewObserved).getName()).as("thread that saw the view complete").isEqualTo(expected);
    }
  }

  private void checkMessageFromSource(Rep from, Rep to) {
    if (from == Rep.LISTENABLE) {
      return; // Guava's cancel has no message to carry
    }
    Side source = create(from);
    Side view = convert(source, to);
    CompletableFuture<Thread> observed = view.observe();
    onNewThread(COMPLETER, () -> source.cancel("bye"));
    assertThat(view.outcomeAfter(observed)).as("%s cancelled with a message -> %s", from, to)
        .isEqualTo(new Outcome.Cancelled("bye"));
  }

  private void checkMessageFromView(Rep from, Rep to) {
    if (from == Rep.LISTENABLE || from == Rep.MONO || to == Rep.LISTENABLE) {
      return; // a Mono's upstream cancel and Guava's cancel carry no message
    }
    Side source = create(from);
    Side view = convert(source, to);
    CompletableFuture<Thread> observed = source.observe();
    view.observe(); // a Mono view has a subscription to cancel only once it is subscribed
    view.cancel("stop");
    /* A subscriber's cancel has no message of its own; the future is given a fixed one. */
    String expected = to == Rep.MONO ? FutureMono.SUBSCRIBER_CANCELLED : "stop";
    assertThat(source.outcomeAfter(observed)).as("%s view cancelled -> %s", to, from)
        .isEqualTo(new Outcome.Cancelled(expected));
  }

  // ---- the conversions under test ----

  private static Side convert(Side source, Rep to) {
    if (source.rep == Rep.MONO) {
      Mono<String> mono = source.mono();
      return switch (to) {
        case EXECUTOR -> new Side(to, TandemMonos.asExecutorFuture(mono));
        case LOOP -> new Side(to, TandemMonos.asLoopFuture(mono, loop()));
        case COMPLETABLE ->
            new Side(to, ExecutorFutures.asCompletableFuture(TandemMonos.asExecutorFuture(mono)));
        case LISTENABLE ->
            new Side(to, ExecutorFutures.asListenableFuture(TandemMonos.asExecutorFuture(mono)));
        case MONO -> throw new AssertionError("not a pair");
      };
    }
    /* The cancelling variant, so that cancelling the view reaches the source. */
    return new Side(
        to,
        TandemMonos.asCancellingMono(
            switch (source.rep) {
              case EXECUTOR -> source.executor();
              case LOOP -> source.loopFuture();
              case COMPLETABLE -> ExecutorFutures.from(source.completable());
              case LISTENABLE -> ExecutorFutures.from(source.listenable());
              case MONO -> throw new AssertionError("not a pair");
            }));
  }

  private static Side create(Rep rep) {
    return switch (rep) {
      case MONO -> {
        Sinks.One<String> sink = Sinks.one();
        yield new Side(rep, sink);
      }
      case EXECUTOR -> new Side(rep, ExecutorFutures.<String>settable());
      case LOOP -> new Side(rep, onLoop(loop(), () -> loop().<String>createFuture()));
      case COMPLETABLE -> new Side(rep, new CompletableFuture<String>());
      case LISTENABLE -> new Side(rep, SettableFuture.<String>create());
    };
  }

  /** One end of a conversion, and how a test drives and reads it. */
  private static final class Side {
    final Rep rep;
    final Object thing;
    /* A Mono source: completed when its subscription is cancelled. */
    private final CompletableFuture<Thread> upstreamCancelled = new CompletableFuture<>();
    /* A Mono view: the one subscriber's outcome, and the subscription. */
    private final CompletableFuture<Outcome> monoOutcome = new CompletableFuture<>();
    private final AtomicReference<@Nullable Disposable> subscription = new AtomicReference<>();

    Side(Rep rep, Object thing) {
      this.rep = rep;
      this.thing = thing;
    }

    /** Completes with the thread that saw this side complete, by the type's own hook. */
    CompletableFuture<Thread> observe() {
      CompletableFuture<Thread> observed = new CompletableFuture<>();
      Runnable record = () -> observed.complete(Thread.currentThread());
      switch (rep) {
        case MONO -> {
          if (thing instanceof Sinks.One<?>) {
            return upstreamCancelled; // a source Mono is observed through its cancel
          }
          AtomicReference<@Nullable Object> value = new AtomicReference<>();
          subscription.set(
              mono().subscribe(
                  value::set,
                  error -> {
                    monoOutcome.complete(Outcome.ofError(error));
                    record.run();
                  },
                  () -> {
                    monoOutcome.complete(new Outcome.Value(value.get()));
                    record.run();
                  }));
        }
        case EXECUTOR -> executor().addDoneCallback(f -> record.run());
        case LOOP -> onLoop(loop(), () -> loopFuture().addDoneCallback(f -> record.run()));
        case COMPLETABLE -> completable().whenComplete((v, e) -> record.run());
        case LISTENABLE -> listenable().addListener(record, MoreExecutors.directExecutor());
      }
      return observed;
    }

    /** Completes this source with {@code value}; {@code null} is the empty outcome. */
    @SuppressWarnings("unchecked")
    void complete(@Nullable String value) {
      switch (rep) {
        case MONO -> {
          Sinks.One<String> sink = (Sinks.One<String>) thing;
          (value == null ? sink.tryEmitEmpty() : sink.tryEmitValue(value)).orThrow();
        }
        case EXECUTOR -> ((SettableExecutorFuture<@Nullable String>) thing).setResult(value);
        case LOOP -> onLoop(loop(), () -> ((LoopFuture<@Nullable String>) thing).setResult(value));
        case COMPLETABLE -> completable().complete(value);
        case LISTENABLE -> ((SettableFuture<@Nullable String>) thing).set(value);
      }
    }

    @SuppressWarnings("unchecked")
    void fail(Throwable failure) {
      switch (rep) {
        case MONO -> ((Sinks.One<String>) thing).tryEmitError(failure).orThrow();
        case EXECUTOR -> ((SettableExecutorFuture<String>) thing).setException(failure);
        case LOOP -> onLoop(loop(), () -> loopFuture().setException(failure));
        case COMPLETABLE -> completable().completeExceptionally(failure);
        case LISTENABLE -> ((SettableFuture<String>) thing).setException(failure);
      }
    }

    /** Cancels the way each type's users would; with a message where the type has one. */
    @SuppressWarnings("unchecked")
    void cancel(@Nullable String message) {
      switch (rep) {
        case MONO -> {
          if (thing instanceof Sinks.One<?>) {
            ((Sinks.One<String>) thing).tryEmitError(new CancellationException(message)).orThrow();
          } else {
            Disposable disposable = subscription.get();
            assertThat(disposable).as("the view was subscribed").isNotNull();
            disposable.dispose();
          }
        }
        case EXECUTOR -> executor().cancel(message);
        case LOOP -> onLoop(loop(), () -> loopFuture().cancel(message));
        case COMPLETABLE -> {
          if (message == null) {
            completable().cancel(true);
          } else {
            completable().completeExceptionally(new CancellationException(message));
          }
        }
        case LISTENABLE -> listenable().cancel(false);
      }
    }

    Outcome outcomeAfter(CompletableFuture<Thread> observed) {
      within(observed);
      return switch (rep) {
        case MONO ->
            thing instanceof Sinks.One<?> ? new Outcome.Cancelled(null) : within(monoOutcome);
        case EXECUTOR -> outcomeOf(executor());
        case LOOP -> onLoop(loop(), () -> outcomeOf(loopFuture()));
        /* Through handle(): from JDK 23 on, join() and get() wrap a cancellation anew. */
        case COMPLETABLE ->
            within(completable().handle((v, e) -> e == null ? new Outcome.Value(v) : Outcome.ofError(e)));
        case LISTENABLE -> {
          try {
            yield new Outcome.Value(listenable().get());
          } catch (CancellationException e) {
            yield new Outcome.Cancelled(e.getMessage());
          } catch (ExecutionException e) {
            yield new Outcome.Failure(e.getCause());
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        }
      };
    }

    /** Whether a Mono view's subscriber was sent a terminal signal. */
    boolean signalled() {
      return monoOutcome.isDone();
    }

    @SuppressWarnings("unchecked")
    Mono<String> mono() {
      return thing instanceof Sinks.One<?> sink
          ? ((Sinks.One<String>) sink).asMono().doOnCancel(() -> upstreamCancelled.complete(Thread.currentThread()))
          : (Mono<String>) thing;
    }

    @SuppressWarnings("unchecked")
    ExecutorFuture<String> executor() {
      return (ExecutorFuture<String>) thing;
    }

    @SuppressWarnings("unchecked")
    LoopFuture<String> loopFuture() {
      return (LoopFuture<String>) thing;
    }

    @SuppressWarnings("unchecked")
    CompletableFuture<String> completable() {
      return (CompletableFuture<String>) thing;
    }

    @SuppressWarnings("unchecked")
    ListenableFuture<String> listenable() {
      return (ListenableFuture<String>) thing;
    }
  }
}
