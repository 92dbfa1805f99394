package dev.tandem.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NettyFutures}, table-driven: for each direction, the value, the same failure object and
 * the cancellation cross, and cancelling the view cancels the source.
 */
@Timeout(20)
final class NettyFuturesTest {
  private static final DefaultEventLoop NETTY = new DefaultEventLoop();
  private static final EventLoop LOOP = NettyLoops.host(NETTY);

  @AfterAll
  static void shutDown() {
    NETTY.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** A view of a Netty promise as one of Tandem's kinds. */
  record FromNetty(String name, BiFunction<Future<String>, EventLoop, AsyncFuture<String>> view) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<FromNetty> fromNetty() {
    return Stream.of(
        new FromNetty("asExecutorFuture", (f, loop) -> NettyFutures.asExecutorFuture(f)),
        new FromNetty("asLoopFuture", NettyFutures::asLoopFuture));
  }

  static Stream<Arguments> fromNettyOutcomes() {
    IOException failure = new IOException("disk");
    return fromNetty()
        .flatMap(
            v ->
                Stream.of(
                    Arguments.of(v, "value", (Outcome) p -> p.setSuccess("v"), "value v"),
                    Arguments.of(v, "failure", (Outcome) p -> p.setFailure(failure), "failure disk"),
                    Arguments.of(v, "cancel", (Outcome) p -> p.cancel(false), "cancelled")));
  }

  /** Completes a Netty promise one way. */
  interface Outcome {
    void apply(Promise<String> promise);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("fromNettyOutcomes")
  void nettySource_outcomeCrossesIntoTheView(FromNetty kind, String what, Outcome outcome, String expected)
      throws Exception {
    Promise<String> source = NETTY.newPromise();
    AsyncFuture<String> view = kind.view().apply(source, LOOP);
    outcome.apply(source);
    await().until(() -> isDone(view));
    assertThat(describe(view)).isEqualTo(expected);
    if (what.equals("failure")) {
      Throwable seen = read(view, AsyncFuture::exception);
      assertThat(seen).isSameAs(source.cause());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fromNetty")
  void cancellingTheTandemView_cancelsTheNettySource(FromNetty kind) throws Exception {
    Promise<String> source = NETTY.newPromise();
    AsyncFuture<String> view = kind.view().apply(source, LOOP);
    read(view, f -> f.cancel("no longer needed"));
    await().until(source::isCancelled);
    boolean cancelled = read(view, AsyncFuture::isCancelled);
    assertThat(cancelled).isTrue();
  }

  /** A Tandem source of one kind, completable from the test thread. */
  record TandemSource(String name, java.util.concurrent.Callable<Source> make) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A Tandem future and the means to complete it from any thread. */
  interface Source {
    AsyncFuture<String> future();

    void complete(String value) throws Exception;

    void fail(Throwable failure) throws Exception;

    void cancel(String message) throws Exception;
  }

  static Stream<TandemSource> tandemSources() {
    return Stream.of(
        new TandemSource(
            "executor future",
            () -> {
              SettableExecutorFuture<String> f = ExecutorFutures.settable();
              return new Source() {
                public AsyncFuture<String> future() {
                  return f;
                }

                public void complete(String value) {
                  f.setResult(value);
                }

                public void fail(Throwable failure) {
                  f.setException(failure);
                }

                public void cancel(String message) {
                  f.cancel(message);
                }
              };
            }),
        new TandemSource(
            "loop future",
            () -> {
              LoopFuture<String> f = onLoop(LOOP::createFuture);
              return new Source() {
                public AsyncFuture<String> future() {
                  return f;
                }

                public void complete(String value) throws Exception {
                  onLoop(() -> {
                    f.setResult(value);
                    return null;
                  });
                }

                public void fail(Throwable failure) throws Exception {
                  onLoop(() -> {
                    f.setException(failure);
                    return null;
                  });
                }

                public void cancel(String message) throws Exception {
                  onLoop(() -> f.cancel(message));
                }
              };
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tandemSources")
  void tandemSource_valueCrossesIntoTheNettyView(TandemSource kind) throws Exception {
    Source source = kind.make().call();
    Future<String> view = NettyFutures.asNettyFuture(source.future(), NETTY);
    source.complete("v");
    assertThat(view.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(view.getNow()).isEqualTo("v");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tandemSources")
  void tandemSource_theSameFailureCrossesIntoTheNettyView(TandemSource kind) throws Exception {
    Source source = kind.make().call();
    Future<String> view = NettyFutures.asNettyFuture(source.future(), NETTY);
    IOException failure = new IOException("disk");
    source.fail(failure);
    assertThat(view.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(view.cause()).isSameAs(failure);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tandemSources")
  void tandemSource_cancellationWithItsMessageCrossesIntoTheNettyView(TandemSource kind)
      throws Exception {
    Source source = kind.make().call();
    Future<String> view = NettyFutures.asNettyFuture(source.future(), NETTY);
    source.cancel("user left");
    assertThat(view.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(view.isCancelled()).isTrue();
    assertThat(view.cause()).isInstanceOf(CancelledException.class).hasMessage("user left");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tandemSources")
  void cancellingTheNettyView_cancelsTheTandemSource(TandemSource kind) throws Exception {
    Source source = kind.make().call();
    Future<String> view = NettyFutures.asNettyFuture(source.future(), NETTY);
    assertThat(view.cancel(false)).isTrue();
    await().until(() -> read(source.future(), AsyncFuture::isCancelled));
  }

  @Test
  void anExecutorViewsCallbacks_runOnTheNettyThread_aLoopViewsOnItsLoop() throws Exception {
    Promise<String> source = NETTY.newPromise();
    CompletableFuture<Boolean> executorView = new CompletableFuture<>();
    CompletableFuture<Boolean> loopView = new CompletableFuture<>();
    NettyFutures.asExecutorFuture(source)
        .addDoneCallback(done -> executorView.complete(NETTY.inEventLoop()));
    LoopFuture<String> onLoop = NettyFutures.asLoopFuture(source, LOOP);
    onLoop(
        () -> {
          onLoop.addDoneCallback(done -> loopView.complete(LOOP.inLoopThread()));
          return null;
        });
    source.setSuccess("v");
    assertThat(executorView.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(loopView.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aDoneSource_isNeverCancelledByItsView() throws Exception {
    Promise<String> source = NETTY.newPromise();
    AsyncFuture<String> view = NettyFutures.asExecutorFuture(source);
    source.setSuccess("v");
    view.cancel("too late"); // whether or not the value has reached the view yet
    assertThat(source.isSuccess()).isTrue();
    assertThat(source.getNow()).isEqualTo("v");
  }

  @Test
  void closingTheLoop_cancelsAPendingLoopView_andSoItsNettySource() throws Exception {
    DefaultEventLoop other = new DefaultEventLoop();
    try {
      EventLoop loop = NettyLoops.host(other);
      Promise<String> source = other.newPromise();
      LoopFuture<String> view = NettyFutures.asLoopFuture(source, loop);
      loop.close();
      assertThat(view.isCancelled()).isTrue();
      await().until(source::isCancelled);
    } finally {
      other.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  // ---- helpers ----

  private static <T> T onLoop(java.util.concurrent.Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    LOOP.callSoonThreadsafe(
        () -> {
          try {
            result.complete(action.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  /** Reads {@code f} where it may be read: a loop future on its loop. */
  private static <R> R read(AsyncFuture<String> f, java.util.function.Function<AsyncFuture<String>, R> reader)
      throws Exception {
    return f instanceof LoopFuture<?> ? onLoop(() -> reader.apply(f)) : reader.apply(f);
  }

  private static boolean isDone(AsyncFuture<String> f) throws Exception {
    return read(f, AsyncFuture::isDone);
  }

  private static String describe(AsyncFuture<String> f) throws Exception {
    return read(
        f,
        done -> {
          if (done.isCancelled()) {
            return "cancelled";
          }
          @Nullable Throwable failure = done.exception();
          return failure != null ? "failure " + failure.getMessage() : "value " + done.result();
        });
  }
}
