package dev.tandem.reliability;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.threads.ExecutorFutures;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.StringGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Lincheck over the live {@link ListenableFuture} view ({@code ExecutorFutures.asListenableFuture})
 * of an executor future adapted from a {@link CompletableFuture}.
 *
 * <p><b>Claimed linearizable</b>, against {@link Model} (one future seen through two handles):
 * completing the source, cancelling the source with a message (true iff cancelled afterwards,
 * the {@code ExecutorFuture} contract), cancelling the view (true only for the call that
 * cancelled it, the {@code Future}/Guava contract), and reading the view's state. The view has no
 * state of its own, so it and its source are one linearizable object.
 *
 * <p>Public: Lincheck instantiates it reflectively.
 */
public final class ListenableFutureViewLincheckTest {
  private final CompletableFuture<Integer> cf = new CompletableFuture<>();
  private final ExecutorFuture<Integer> source = ExecutorFutures.from(cf);
  private final ListenableFuture<Integer> view = ExecutorFutures.asListenableFuture(source);

  public ListenableFutureViewLincheckTest() {}

  @Operation
  public boolean completeSource(@Param(gen = IntGen.class, conf = "1:2") int value) {
    return cf.complete(value);
  }

  @Operation
  public boolean cancelSource(@Param(gen = StringGen.class, conf = "1:ab") @Nullable String message) {
    return source.cancel(message);
  }

  @Operation
  public boolean cancelView() {
    return view.cancel(false);
  }

  @Operation
  public String viewState() {
    if (!view.isDone()) {
      return "pending";
    }
    try {
      return "value " + Futures.getDone(view);
    } catch (CancellationException e) {
      return "cancelled";
    } catch (ExecutionException e) {
      return "failed " + e.getCause();
    }
  }

  @Test
  void modelChecking_viewAndSource_linearizable() {
    new ModelCheckingOptions()
        .iterations(Stress.pick(8, 40))
        .invocationsPerIteration(Stress.pick(120, 2_000))
        .threads(3)
        .actorsPerThread(2)
        .sequentialSpecification(Model.class)
        .check(ListenableFutureViewLincheckTest.class);
  }

  @Test
  void stress_viewAndSource_linearizable() {
    new StressOptions()
        .iterations(Stress.pick(8, 40))
        .invocationsPerIteration(Stress.pick(250, 5_000))
        .threads(3)
        .actorsPerThread(2)
        .sequentialSpecification(Model.class)
        .check(ListenableFutureViewLincheckTest.class);
  }

  /** The sequential specification: one future; the view is another handle on it. */
  public static final class Model {
    private String state = "pending";

    public boolean completeSource(int value) {
      if (!state.equals("pending")) {
        return false;
      }
      state = "value " + value;
      return true;
    }

    public boolean cancelSource(@Nullable String message) {
      if (state.equals("pending")) {
        state = "cancelled";
      }
      return state.equals("cancelled");
    }

    public boolean cancelView() {
      if (!state.equals("pending")) {
        return false;
      }
      state = "cancelled";
      return true;
    }

    public String viewState() {
      return state;
    }
  }
}
