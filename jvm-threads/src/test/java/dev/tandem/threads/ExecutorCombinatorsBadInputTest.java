package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.AsyncFuture;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bad input: a NullPointerException naming the parameter, at the call site, nothing registered. */
final class ExecutorCombinatorsBadInputTest {
  private final SettableFuture<String> input = (SettableFuture<String>) ExecutorFutures.<String>settable();
  private final Function<String, String> fn = s -> s;
  private final Executor executor = Runnable::run;

  private void rejects(ThrowingCallable call, String parameter) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessageContaining(parameter);
    assertThat(input.linkedCallbackCount()).as("nothing registered").isZero();
  }

  @Test
  void map_compose_recover_andFinally_nameTheNullParameter() {
    rejects(() -> ExecutorCombinators.map(null, fn), "input");
    rejects(() -> ExecutorCombinators.map(input, null), "fn");
    rejects(() -> ExecutorCombinators.map(input, fn, null), "executor");
    rejects(() -> ExecutorCombinators.compose(input, null), "fn");
    rejects(() -> ExecutorCombinators.compose(input, s -> input, null), "executor");
    rejects(() -> ExecutorCombinators.recover(input, (Function<Throwable, String>) null), "fn");
    rejects(() -> ExecutorCombinators.recover(input, null, e -> "x"), "type");
    rejects(() -> ExecutorCombinators.recover(input, IOException.class, null), "fn");
    rejects(() -> ExecutorCombinators.recover(input, IOException.class, e -> "x", null), "executor");
    rejects(() -> ExecutorCombinators.recover(input, e -> "x", null), "executor");
    rejects(() -> ExecutorCombinators.andFinally(input, null), "action");
    rejects(() -> ExecutorCombinators.andFinally(input, () -> {}, null), "executor");
    rejects(() -> ExecutorCombinators.andFinally(null, () -> {}), "input");
  }

  @Test
  void groups_nameTheNullCollectionOrElement_andRegisterOnNoElement() {
    List<AsyncFuture<String>> withNull = Arrays.asList(input, null);
    rejects(() -> ExecutorCombinators.allOf(null), "futures");
    rejects(() -> ExecutorCombinators.allOf(withNull), "futures[1]");
    rejects(() -> ExecutorCombinators.allSettled(withNull), "futures[1]");
    rejects(() -> ExecutorCombinators.firstOf(withNull), "futures[1]");
    rejects(() -> ExecutorCombinators.firstOf(null), "futures");
  }
}
