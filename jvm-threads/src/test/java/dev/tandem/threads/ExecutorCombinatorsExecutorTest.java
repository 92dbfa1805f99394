package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ExecutorFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every one-input operation's Executor overload: the function runs there; a rejection fails. */
@Timeout(30)
final class ExecutorCombinatorsExecutorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ExecutorService pool =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "named-executor"));

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** An operation on a done input whose function records its thread and gives 2. */
  interface Operation extends BiFunction<Executor, AtomicReference<String>, ExecutorFuture<Integer>> {}

  static String record(AtomicReference<String> ranOn) {
    return ranOn.getAndSet(Thread.currentThread().getName());
  }

  static Stream<Named<Operation>> operations() {
    return Stream.of(
        Named.of(
            "map",
            (executor, ranOn) ->
                ExecutorCombinators.map(
                    ExecutorFutures.completed(1),
                    v -> {
                      record(ranOn);
                      return v + 1;
                    },
                    executor)),
        Named.of(
            "compose",
            (executor, ranOn) ->
                ExecutorCombinators.compose(
                    ExecutorFutures.completed(1),
                    v -> {
                      record(ranOn);
                      return ExecutorFutures.completed(v + 1);
                    },
                    executor)),
        Named.of(
            "recover",
            (executor, ranOn) ->
                ExecutorCombinators.recover(
                    ExecutorFutures.<Integer>failed(new IOException()),
                    e -> {
                      record(ranOn);
                      return 2;
                    },
                    executor)),
        Named.of(
            "recover of a type",
            (executor, ranOn) ->
                ExecutorCombinators.recover(
                    ExecutorFutures.<Integer>failed(new IOException()),
                    IOException.class,
                    e -> {
                      record(ranOn);
                      return 2;
                    },
                    executor)),
        Named.of(
            "andFinally",
            (executor, ranOn) ->
                ExecutorCombinators.andFinally(
                    ExecutorFutures.completed(2), () -> record(ranOn), executor)));
  }

  @ParameterizedTest
  @MethodSource("operations")
  void withAnExecutor_theFunctionRunsOnIt(Operation operation) throws Exception {
    AtomicReference<String> ranOn = new AtomicReference<>();
    ExecutorFuture<Integer> out = operation.apply(pool, ranOn);
    assertThat(out.result(WAIT)).isEqualTo(2);
    assertThat(ranOn.get()).isEqualTo("named-executor");
  }

  @ParameterizedTest
  @MethodSource("operations")
  void withARejectingExecutor_failsWithTheRejection_andTheFunctionDoesNotRun(Operation operation) {
    RejectedExecutionException rejected = new RejectedExecutionException("full (expected)");
    AtomicReference<String> ranOn = new AtomicReference<>();
    ExecutorFuture<Integer> out =
        operation.apply(
            command -> {
              throw rejected;
            },
            ranOn);
    assertThat(out.exception()).isSameAs(rejected);
    assertThat(ranOn.get()).isNull();
  }
}
