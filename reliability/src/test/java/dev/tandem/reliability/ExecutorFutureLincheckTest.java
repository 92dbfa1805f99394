package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.InvalidStateException;
import dev.tandem.threads.ExecutorFutures;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.StringGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Lincheck over an executor future adapted from a {@link CompletableFuture} ({@code
 * ExecutorFutures.from}).
 *
 * <p><b>Claimed linearizable</b>, against the sequential specification {@link Model} (a plain
 * single-threaded future): completing the source with a value ({@code complete}), failing it
 * ({@code fail}), {@code cancel(message)} (true iff the future is cancelled afterwards),
 * {@code addDoneCallback}, {@code removeDoneCallback} (how many registrations it removed),
 * {@code result()} (as "pending", the value, the failure or the cancel message), {@code
 * isDone()} and {@code isCancelled()}.
 *
 * <p><b>Checked at every quiescent point</b> ({@link #everyCallbackRanExactlyOnce}): while the
 * future is pending no callback has run; once it is done, every registration that was not
 * removed ran exactly once, and no removed one ran.
 *
 * <p>Not claimed: which thread runs a callback, and whether a callback added to a future that
 * is being completed by another thread has run when {@code addDoneCallback} returns (the
 * completing thread may still be dispatching).
 *
 * <p>Public, unlike the other test classes: Lincheck instantiates it reflectively.
 */
public final class ExecutorFutureLincheckTest {
  static final RuntimeException FAILURE = new IllegalStateException("boom");
  static final int CALLBACK_IDS = CallbackLedger.IDS;

  private final CompletableFuture<Integer> source = new CompletableFuture<>();
  private final ExecutorFuture<Integer> future = ExecutorFutures.from(source);
  private final CallbackLedger<Integer> callbacks = new CallbackLedger<>();

  public ExecutorFutureLincheckTest() {}

  @Operation
  public boolean complete(@Param(gen = IntGen.class, conf = "1:2") int value) {
    return source.complete(value);
  }

  @Operation
  public boolean fail() {
    return source.completeExceptionally(FAILURE);
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
    return describe(future);
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

  static String describe(AsyncFuture<?> f) {
    try {
      return "value " + f.result();
    } catch (InvalidStateException pending) {
      return "pending";
    } catch (CancelledException c) {
      return "cancelled " + c.getMessage();
    } catch (RuntimeException e) {
      return "failed " + e.getMessage();
    }
  }

  @Test
  void modelChecking_allOperations_linearizable() {
    new ModelCheckingOptions()
        .iterations(Stress.pick(10, 40))
        .invocationsPerIteration(Stress.pick(200, 2_000))
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(Model.class)
        .check(ExecutorFutureLincheckTest.class);
  }

  @Test
  void stress_allOperations_linearizable() {
    new StressOptions()
        .iterations(Stress.pick(8, 40))
        .invocationsPerIteration(Stress.pick(250, 5_000))
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(Model.class)
        .check(ExecutorFutureLincheckTest.class);
  }

  /** The sequential specification: a future used by one thread. */
  public static final class Model {
    private String state = "pending";
    private final int[] registered = new int[CALLBACK_IDS];

    private boolean settle(String outcome) {
      if (!state.equals("pending")) {
        return false;
      }
      state = outcome;
      registered[0] = 0;
      registered[1] = 0;
      return true;
    }

    public boolean complete(int value) {
      return settle("value " + value);
    }

    public boolean fail() {
      return settle("failed " + FAILURE.getMessage());
    }

    public boolean cancel(@Nullable String message) {
      settle("cancelled " + message);
      return state.startsWith("cancelled");
    }

    public void addCallback(int id) {
      if (state.equals("pending")) {
        registered[id]++;
      }
    }

    public int removeCallback(int id) {
      int n = registered[id];
      registered[id] = 0;
      return n;
    }

    public String result() {
      return state;
    }

    public boolean isDone() {
      return !state.equals("pending");
    }

    public boolean isCancelled() {
      return state.startsWith("cancelled");
    }
  }
}
