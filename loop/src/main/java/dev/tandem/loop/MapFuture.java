package dev.tandem.loop;

import dev.tandem.api.LoopFuture;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** {@link LoopFutures#map}: the output is the function of the input's value. */
final class MapFuture<I extends @Nullable Object, O extends @Nullable Object>
    extends ChainedFuture<I, O> {
  private final Function<? super I, ? extends O> function;

  private MapFuture(FutureHost host, LoopFuture<I> input, Function<? super I, ? extends O> function) {
    super(host, input);
    this.function = function;
  }

  static <I extends @Nullable Object, O extends @Nullable Object> LoopFuture<O> start(
      LoopFuture<I> input, Function<? super I, ? extends O> function) {
    FutureHost host = hostOf(input, "input");
    Objects.requireNonNull(function, "function");
    return ChainedFuture.start(new MapFuture<>(host, input, function));
  }

  @Override
  void onValue(I value) {
    O mapped;
    try {
      mapped = function.apply(value);
    } catch (Throwable thrown) {
      failWithThrown(thrown);
      return;
    }
    setResult(mapped);
  }
}
