package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A million-long chain completes and cancels without overflowing the stack. */
@Timeout(60)
final class ExecutorCombinatorsDepthTest {
  private static final int LENGTH = 1_000_000;

  /** {@code step} applied {@link #LENGTH} times, starting from {@code head}. */
  private static ExecutorFuture<Integer> chain(
      ExecutorFuture<Integer> head, UnaryOperator<ExecutorFuture<Integer>> step) {
    ExecutorFuture<Integer> f = head;
    for (int i = 0; i < LENGTH; i++) {
      f = step.apply(f);
    }
    return f;
  }

  @Test
  void map_aMillionLongChainOnAPendingInput_completesWithoutStackOverflow() {
    SettableExecutorFuture<Integer> head = ExecutorFutures.settable();
    ExecutorFuture<Integer> f = chain(head, in -> ExecutorCombinators.map(in, v -> v + 1));
    head.setResult(0);
    assertThat(f.result()).isEqualTo(LENGTH);
  }

  @Test
  void map_aMillionLongChainOnADoneInput_completesAsItIsBuilt() {
    ExecutorFuture<Integer> f =
        chain(ExecutorFutures.completed(0), in -> ExecutorCombinators.map(in, v -> v + 1));
    assertThat(f.result()).isEqualTo(LENGTH);
  }

  @Test
  void compose_aMillionLongChainOfDoneInnerFutures_completesWithoutStackOverflow() {
    SettableExecutorFuture<Integer> head = ExecutorFutures.settable();
    ExecutorFuture<Integer> f =
        chain(
            head,
            in ->
                ExecutorCombinators.compose(
                    in,
                    v -> {
                      SettableExecutorFuture<Integer> inner = ExecutorFutures.settable();
                      inner.setResult(v + 1);
                      return inner;
                    }));
    head.setResult(0);
    assertThat(f.result()).isEqualTo(LENGTH);
  }

  @Test
  void cancel_theEndOfAMillionLongChain_cancelsTheHeadWithTheMessage() {
    SettableExecutorFuture<Integer> head = ExecutorFutures.settable();
    ExecutorFuture<Integer> f = chain(head, in -> ExecutorCombinators.map(in, v -> v + 1));
    assertThat(f.cancel("from the end")).isTrue();
    assertThat(Failures.cancelMessage(head)).isEqualTo("from the end");
  }

  @Test
  void cancel_theHeadOfAMillionLongChain_cancelsTheEndWithTheMessage() {
    SettableExecutorFuture<Integer> head = ExecutorFutures.settable();
    ExecutorFuture<Integer> f = chain(head, in -> ExecutorCombinators.recover(in, e -> -1));
    head.cancel("from the head");
    assertThat(Failures.cancelMessage(f)).isEqualTo("from the head");
  }
}
