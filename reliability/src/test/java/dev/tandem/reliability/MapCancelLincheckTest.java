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
        .iterations(Stress.pick(12, 50))
        .invocationsPerIteration(Stress.pick(400, 2_000))
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(Model.class)
        .check(MapCancelLincheckTest.class);
  }

  /** The sequential specification: the input and the output, used by one thread. */
  public static final class Model {
    private String in = "pending";
    private String out = "pending";
    private final int[] registered = new int[CallbackLedger.IDS];

    private void settleInput(String outcome, String outputOutcome) {
      if (!in.equals("pending")) {
        return;
      }
      in = outcome;
      settleOutput(outputOutcome);
    }

    private void settleOutput(String outcome) {
      if (out.equals("pending")) {
        out = outcome;
        registered[0] = 0;
        registered[1] = 0;
      }
    }

    public void completeInput(int value) {
      settleInput("value " + value, "value " + (value * 10));
    }

    public void failInput() {
      String failed = "failed " + ExecutorFutureLincheckTest.FAILURE.getMessage();
      settleInput(failed, failed);
    }

    public void cancelInput(@Nullable String message) {
      settleInput("cancelled " + message, "cancelled " + message);
    }

    public boolean cancelOutput(@Nullable String message) {
      if (out.equals("pending")) {
        settleOutput("cancelled " + message);
        if (in.equals("pending")) {
          in = "cancelled " + message;
        }
      }
      return out.startsWith("cancelled");
    }

    public void addCallback(int id) {
      if (out.equals("pending")) {
        registered[id]++;
      }
    }

    public int removeCallback(int id) {
      int n = registered[id];
      registered[id] = 0;
      return n;
    }

    public String outputResult() {
      return out;
    }

    public boolean outputIsDone() {
      return !out.equals("pending");
    }
  }
}
