package dev.tandem.reliability;

import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.StringGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Lincheck over a {@link SettableExecutorFuture} ({@code ExecutorFutures.settable()}): racing
 * {@code setResult}, {@code setException} and {@code cancel} calls, with callbacks added and
 * removed meanwhile.
 *
 * <p><b>Claimed linearizable</b>, against {@link ExecutorFutureLincheckTest.Model} (a plain
 * single-threaded future; the operations carry its names): {@code setResult} ({@code complete})
 * and {@code setException} ({@code fail}) return true only for the call that completed the
 * future, so exactly one of racing completions and cancels wins; {@code cancel(message)} is true
 * iff the future is cancelled afterwards; {@code addDoneCallback}, {@code removeDoneCallback}
 * (how many it removed), {@code result()}, {@code isDone()}, {@code isCancelled()}.
 *
 * <p><b>Checked at every quiescent point</b>: every registration not removed ran exactly once
 * once the future is done, none before, and none saw the future not done ({@link
 * CallbackLedger}).
 *
 * <p>Public: Lincheck instantiates it reflectively.
 */
public final class SettableExecutorFutureLincheckTest {
  private final SettableExecutorFuture<Integer> future = ExecutorFutures.settable();
  private final CallbackLedger<Integer> callbacks = new CallbackLedger<>();

  public SettableExecutorFutureLincheckTest() {}

  @Operation
  public boolean complete(@Param(gen = IntGen.class, conf = "1:2") int value) {
    return future.setResult(value);
  }

  @Operation
  public boolean fail() {
    return future.setException(ExecutorFutureLincheckTest.FAILURE);
  }

  @Operation
  public boolean cancel(@Param(gen = StringGen.class, conf = "1:ab") @Nullable String message) {
    return future.cancel(message);
  }

  @Operation
  public void addCallback(@Param(gen = IntGen.class, conf = "0:1") int id) {
    callbacks.add(future, id);
  }

  @Operation
  public int removeCallback(@Param(gen = IntGen.class, conf = "0:1") int id) {
    return callbacks.remove(future, id);
  }

  @Operation
  public String result() {
    return ExecutorFutureLincheckTest.describe(future);
  }

  @Operation
  public boolean isDone() {
    return future.isDone();
  }

  @Operation
  public boolean isCancelled() {
    return future.isCancelled();
  }

  @Validate
  public void everyCallbackRanExactlyOnce() {
    callbacks.check(future);
  }

  @Test
  void modelChecking_setRacingCancel_exactlyOneWins_everyCallbackOnce() {
    new ModelCheckingOptions()
        .iterations(Stress.pick(10, 40))
        .invocationsPerIteration(Stress.pick(150, 2_000))
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(ExecutorFutureLincheckTest.Model.class)
        .check(SettableExecutorFutureLincheckTest.class);
  }
}
