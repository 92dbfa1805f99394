package dev.tandem.reliability;

import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.threads.ExecutorCombinators;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.StringGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Lincheck over the output of {@code ExecutorCombinators.map(input, v -> v * 10)}: cancelling
 * the output races completing, failing and cancelling the input, with callbacks on the output.
 *
 * <p><b>Claimed linearizable</b>, against {@link Model}: the output's observable operations
 * ({@code cancelOutput(message)}, true iff the output is cancelled afterwards; {@code
 * addDoneCallback} / {@code removeDoneCallback} on it; its {@code result()} and {@code
 * isDone()}), with the input's completions as operations that return nothing, all in one
 * thread (a non-parallel group). The input's own reads are not operations, nor do completions
 * race each other: the output is completed from the input by a callback, after the input
 * published its outcome, so a read of the input, or a completion that lost to another one, could
 * see the input done and the output not yet; and a cancel of the output cancels the input a
 * moment after the output (unless the input is done by then). The input's outcome is checked at
 * quiescent points instead.
 *
 * <p><b>Checked at every quiescent point</b> ({@link #quiescentInvariants}): every output
 * callback not removed ran exactly once once the output is done, none before; the function ran at
 * most once, and once if the output holds its value; a cancelled output has a done input (never
 * left pending); a cancelled input has a cancelled output with the same message; an output value
 * is ten times the input's value.
 *
 * <p>Public: Lincheck instantiates it reflectively.
 */
public final class MapCancelLincheckTest {
  private final SettableExecutorFuture<Integer> input = ExecutorFutures.settable();
  private final AtomicInteger calls = new AtomicInteger();
  private final ExecutorFuture<Integer> output =
      ExecutorCombinators.map(
          input,
          v -> {
            calls.incrementAndGet();
            return v * 10;
          });
  private final CallbackLedger<Integer> callbacks = new CallbackLedger<>();

  public MapCancelLincheckTest() {}

  @Operation(nonParallelGroup = "input")
  public void completeInput(@Param(gen = IntGen.class, conf = "1:2") int value) {
    input.setResult(value);
  }

  @Operation(nonParallelGroup = "input")
  public void failInput() {
    input.setException(ExecutorFutureLincheckTest.FAILURE);
  }

  @Operation(nonParallelGroup = "input")
  public void cancelInput(@Param(gen = StringGen.class, conf = "1:ab") @Nullable String message) {
    input.cancel(message);
  }

  @Operation
  public boolean cancelOutput(@Param(gen = StringGen.class, conf = "1:ab") @Nullable String message) {
    return output.cancel(message);
  }

  @Operation
  public void addCallback(@Param(gen = IntGen.class, conf = "0:1") int id) {
    callbacks.add(output, id);
  }

  @Operation
  public int removeCallback(@Param(gen = IntGen.class, conf = "0:1") int id) {
    return callbacks.remove(output, id);
  }

  @Operation
  public String outputResult() {
    return ExecutorFutureLincheckTest.describe(output);
  }

  @Operation
  public boolean outputIsDone() {
    return output.isDone();
  }

  @Validate
  public void quiescentInvariants() {
    callbacks.check(output);
    String out = ExecutorFutureLincheckTest.describe(output);
    String in = ExecutorFutureLincheckTest.describe(input);
    check(calls.get() <= 1, "the function ran " + calls.get() + " times");
    if (out.startsWith("value")) {
      check(calls.get() == 1, "a value without the function");
      check(in.startsWith("value"), "output " + out + " but input " + in);
      int v = Integer.parseInt(in.substring("value ".length()));
      check(out.equals("value " + (v * 10)), "output " + out + " for input " + in);
    }
    if (output.isCancelled()) {
      check(input.isDone(), "the output is cancelled but the input still pending");
    }
    if (input.isCancelled()) {
      check(output.isCancelled(), "the input is cancelled but the output is " + out);
      check(
          java.util.Objects.equals(Failures.cancelMessage(input), Failures.cancelMessage(output)),
          "messages differ: input " + in + ", output " + out);
    }
    if (in.startsWith("failed")) {
      check(out.startsWith("failed") || out.startsWith("cancelled"), "input failed, output " + out);
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  @Test
  void modelChecking_outputCancelRacingInputCompletion_linearizable() {
    new ModelCheckingOptions()
        .iterations(Stress.pick(10, 40))
        .invocationsPerIteration(Stress.pick(150, 2_000))
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(Model.class)
        .check(MapCancelLincheckTest.class);
  }

  /**
   * The sequential specification: the input's state, and the output as the plain future of
   * {@link ExecutorFutureLincheckTest.Model}, completed when the input is.
   */
  public static final class Model {
    private boolean inputPending = true;
    private final ExecutorFutureLincheckTest.Model out = new ExecutorFutureLincheckTest.Model();

    public void completeInput(int value) {
      if (inputPending) {
        inputPending = false;
        out.complete(value * 10);
      }
    }

    public void failInput() {
      if (inputPending) {
        inputPending = false;
        out.fail();
      }
    }

    public void cancelInput(@Nullable String message) {
      if (inputPending) {
        inputPending = false;
        out.cancel(message);
      }
    }

    public boolean cancelOutput(@Nullable String message) {
      if (!out.isDone()) {
        inputPending = false; // the output cancels its input with it
      }
      return out.cancel(message);
    }

    public void addCallback(int id) {
      out.addCallback(id);
    }

    public int removeCallback(int id) {
      return out.removeCallback(id);
    }

    public String outputResult() {
      return out.result();
    }

    public boolean outputIsDone() {
      return out.isDone();
    }
  }
}
