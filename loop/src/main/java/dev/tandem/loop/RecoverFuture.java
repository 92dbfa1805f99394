package dev.tandem.loop;

import dev.tandem.api.LoopFuture;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@link LoopFutures#recover}: a failure of the given type becomes the function's value; a
 * value, a failure of another type and a cancellation pass through.
 */
final class RecoverFuture<T extends @Nullable Object, X extends Throwable>
    extends ChainedFuture<T, T> {
  private final Class<X> type;
  private final Function<? super X, ? extends T> function;

  private RecoverFuture(
      FutureHost host, LoopFuture<T> input, Class<X> type, Function<? super X, ? extends T> function) {
    super(host, input);
    this.type = type;
    this.function = function;
  }

  static <T extends @Nullable Object, X extends Throwable> LoopFuture<T> start(
      LoopFuture<T> input, Class<X> type, Function<? super X, ? extends T> function) {
    FutureHost host = hostOf(input, "input");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(function, "function");
    return ChainedFuture.start(new RecoverFuture<>(host, input, type, function));
  }

  @Override
  void onValue(T value) {
    setResult(value);
  }

  @Override
  void onFailure(Throwable failure) {
    if (!type.isInstance(failure)) {
      fail(failure);
      return;
    }
    T recovered;
    try {
      recovered = function.apply(type.cast(failure));
    } catch (Throwable thrown) {
      failWithThrown(thrown);
      return;
    }
    setResult(recovered);
  }
}
