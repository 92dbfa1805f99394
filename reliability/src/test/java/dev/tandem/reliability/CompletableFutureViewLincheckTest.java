package dev.tandem.reliability;

import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.threads.ExecutorFutures;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.StringGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Lincheck over the live {@link CompletableFuture} view ({@code
 * ExecutorFutures.asCompletableFuture}) of an executor future adapted from a Guava {@link
 * SettableFuture}. Unlike the {@code ListenableFuture} view, this view has a state of its own
 * that the source's done callback fills in.
 *
 * <p><b>Claimed linearizable</b>, against {@link Model}: completing the source, cancelling the
 * source with a message (true iff the source is cancelled afterwards), completing the view
 * directly (changes only the view), cancelling the view (cancels the source; the view then shows
 * the cancellation), and reading the view's state including the cancel message that crossed.
 *
 * <p>Not claimed: the boolean of {@code view.cancel} under a race between two cancels of the
 * view (both may return true, as {@code CompletableFuture.cancel} itself does: "true if this
 * task is now cancelled"); and reads of the source against reads of the view, because the view
 * is filled in by a callback after the source is done (documented on {@code
 * asCompletableFuture}).
 *
 * <p>Public: Lincheck instantiates it reflectively.
 */
public final class CompletableFutureViewLincheckTest {
  private final SettableFuture<Integer> settable = SettableFuture.create();
  private final ExecutorFuture<Integer> source = ExecutorFutures.from(settable);
  private final CompletableFuture<Integer> view = ExecutorFutures.asCompletableFuture(source);

  public CompletableFutureViewLincheckTest() {}

  @Operation
  public boolean completeSource(@Param(gen = IntGen.class, conf = "1:2") int value) {
    return settable.set(value);
  }

  @Operation
  public boolean cancelSource(@Param(gen = StringGen.class, conf = "1:ab") @Nullable String message) {
    return source.cancel(message);
  }

  @Operation
  public boolean completeView(@Param(gen = IntGen.class, conf = "7:8") int value) {
    return view.complete(value);
  }

  @Operation
  public void cancelView() {
    view.cancel(false);
  }

  @Operation
  public String viewState() {
    if (!view.isDone()) {
      return "pending";
    }
    try {
      return "value " + view.join();
    } catch (CancellationException e) {
      return "cancelled " + e.getMessage();
    } catch (CompletionException e) {
      return "failed " + e.getCause();
    }
  }

  @Test
  void modelChecking_viewCancellationAndCompletion_linearizable() {
    new ModelCheckingOptions()
        .iterations(Stress.pick(8, 40))
        .invocationsPerIteration(Stress.pick(120, 2_000))
        .threads(3)
        .actorsPerThread(2)
        .sequentialSpecification(Model.class)
        .check(CompletableFutureViewLincheckTest.class);
  }

  @Test
  void stress_viewCancellationAndCompletion_linearizable() {
    new StressOptions()
        .iterations(Stress.pick(8, 40))
        .invocationsPerIteration(Stress.pick(250, 5_000))
        .threads(3)
        .actorsPerThread(2)
        .sequentialSpecification(Model.class)
        .check(CompletableFutureViewLincheckTest.class);
  }

  /** The sequential specification: a source and a view that copies the source's outcome. */
  public static final class Model {
    private String source = "pending";
    private String view = "pending";

    private void settleSource(String outcome) {
      source = outcome;
      if (view.equals("pending")) {
        view = outcome;
      }
    }

    public boolean completeSource(int value) {
      if (!source.equals("pending")) {
        return false;
      }
      settleSource("value " + value);
      return true;
    }

    public boolean cancelSource(@Nullable String message) {
      if (source.equals("pending")) {
        settleSource("cancelled " + message);
      }
      return source.startsWith("cancelled");
    }

    public boolean completeView(int value) {
      if (!view.equals("pending")) {
        return false;
      }
      view = "value " + value;
      return true;
    }

    public void cancelView() {
      if (source.equals("pending")) {
        settleSource("cancelled null");
      }
    }

    public String viewState() {
      return view;
    }
  }
}
