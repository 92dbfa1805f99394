package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Composition for thread code: every operation takes futures and returns a new {@link
 * ExecutorFuture}, so the executor kind's rules hold for the result (Vert.x's names: {@code map},
 * {@code compose}, {@code recover}; docs/migration.md maps Guava's and {@code
 * CompletableFuture}'s names to these). Loop code composes loop futures with {@code LoopFutures}
 * instead, whose functions run on the loop thread.
 *
 * <h2>How to use</h2>
 *
 * <!-- snippet:javadoc-executor-combinators (compiled by the samples module) -->
 * <pre>{@code
 * ExecutorFuture<String> page = pool.submit(() -> download(url));
 * ExecutorFuture<Integer> length = ExecutorCombinators.map(page, String::length);
 * ExecutorFuture<String> saved = ExecutorCombinators.compose(page, text -> pool.submit(() -> save(text)));
 * ExecutorFuture<String> orEmpty = ExecutorCombinators.recover(page, IOException.class, e -> "");
 * ExecutorFuture<List<String>> both = ExecutorCombinators.allOf(List.of(orEmpty, fromLoop));
 * both.cancel("no longer needed"); // cancels orEmpty, page and fromLoop unless they are done
 * }</pre>
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li>Without an {@link Executor}, a function (or action) runs in the thread that completes the
 *       input, inside that completing call, or at once in the calling thread if the input is
 *       already done. With one, it runs on that executor, submitted from the same place; an
 *       executor that throws ({@link java.util.concurrent.RejectedExecutionException}) fails the
 *       output with that exception. Only a function is ever submitted: a value or failure that
 *       passes through completes the output in the input's completing thread.
 *   <li>The output's own done callbacks run, as for every executor future, in the thread that
 *       completes the output: the function's thread, or the thread completing the input or inner
 *       future. A {@link dev.tandem.api.LoopFuture} is listened to on its loop's thread (the
 *       registration hops there through {@code callSoonThreadsafe}), so an output completed by
 *       a loop future completes, and runs its callbacks, on that loop's thread.
 *   <li>Happens-before: everything the thread completing an input did before completing it
 *       happens-before the function runs; everything the function did happens-before the
 *       output's callbacks and every read that sees the output done.
 * </ul>
 *
 * <h2>Cancellation, both ways, with the message</h2>
 *
 * <ul>
 *   <li>Down: a cancelled input cancels the output with the same message; the function does not
 *       run ({@code andFinally}'s action does). {@code recover} never treats a cancellation as a
 *       failure.
 *   <li>Up: cancelling the output cancels its input with the same message, unless the input is
 *       done; for {@code compose} also the inner future once the function returned it; for the
 *       group operations every input not done. A loop future is cancelled on its loop's thread.
 *       A cancel that reaches the output from one input is not sent back to the others, as a
 *       failure is not (asyncio's {@code gather} rule: one cancelled input must not cancel its
 *       siblings).
 *   <li>{@code cancel()} on an output returns true whenever it is cancelled afterwards, false
 *       once it finished. An output never reports running: a cancel that wins while the function
 *       runs cancels the output, and what the function returns is dropped (the inner future a
 *       {@code compose} function returns is cancelled).
 * </ul>
 *
 * <h2>Failures</h2>
 *
 * A failure reaches the output as the same object, with {@link
 * java.util.concurrent.CompletionException} and {@link java.util.concurrent.ExecutionException}
 * wrappers stripped ({@link dev.tandem.api.Failures#unwrap}). A function that throws anything,
 * errors included, fails the output with what it threw (unwrapped the same way); nothing is
 * logged and nothing reaches the input.
 *
 * <h2>Stack depth, re-entrancy, blocking</h2>
 *
 * Chains of any length are stack-safe: completions nested more than 32 deep in one thread
 * continue right after the outer callback returns instead of on top of it, and a cancel handed up
 * a chain is handed on in a loop, so a million {@code map}s complete or cancel without {@link
 * StackOverflowError}. A function may itself complete, cancel or compose futures, this output's
 * input included. Nothing here blocks or waits; each method registers a callback and returns.
 * The outputs' blocking reads follow the deadlock guard of every executor future.
 *
 * <h2>Context propagation</h2>
 *
 * When the input carries a {@link dev.tandem.api.ContextPropagator} (a future of an executor, a
 * settable future or a view made with one; {@link dev.tandem.api.ContextCarrier#propagatorOf}),
 * the function or action runs in the context of the thread that called the operation, in the
 * completing thread or on the executor named, and the output carries the same propagator, so its
 * own done callbacks run in their registrants' context. A group operation's output carries the
 * propagator of its first input that has one. Inputs without one cost nothing extra.
 *
 * <h2>Bad input</h2>
 *
 * A null input, function, action, executor, type, collection or element throws {@link
 * NullPointerException} naming it, at the call site, before anything is registered.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public final class ExecutorCombinators {
  private ExecutorCombinators() {}

  /**
   * A future of {@code fn} applied to {@code input}'s value, run in the thread that completes
   * {@code input} (at once if it is done). A failure or cancellation of {@code input} passes to
   * the output as it is, and {@code fn} does not run.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <I extends @Nullable Object, O extends @Nullable Object> ExecutorFuture<O> map(
      ExecutorFuture<I> input, Function<? super I, ? extends O> fn) {
    return new MapFuture<I, O>(
            Objects.requireNonNull(input, "input"), Objects.requireNonNull(fn, "fn"), null)
        .start();
  }

  /**
   * Like {@link #map(ExecutorFuture, Function)}, with {@code fn} run on {@code executor}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <I extends @Nullable Object, O extends @Nullable Object> ExecutorFuture<O> map(
      ExecutorFuture<I> input, Function<? super I, ? extends O> fn, Executor executor) {
    return new MapFuture<I, O>(
            Objects.requireNonNull(input, "input"),
            Objects.requireNonNull(fn, "fn"),
            Objects.requireNonNull(executor, "executor"))
        .start();
  }

  /**
   * A future of the future {@code fn} returns for {@code input}'s value (the inner future, of
   * either kind: an executor future or a loop future of any loop). {@code fn} runs in the thread
   * that completes {@code input}; the output then takes the inner future's outcome, in the thread
   * that completes it (a loop future's on its loop's thread). Cancelling the output after {@code
   * fn} returned cancels the inner future too. If {@code fn} returns null, the output fails with
   * a {@link NullPointerException} naming {@code fn}; if the inner future is a pending loop
   * future whose loop is closed, the output is cancelled with a message saying so.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <I extends @Nullable Object, O extends @Nullable Object> ExecutorFuture<O> compose(
      ExecutorFuture<I> input, Function<? super I, ? extends AsyncFuture<? extends O>> fn) {
    return new ComposeFuture<I, O>(
            Objects.requireNonNull(input, "input"), Objects.requireNonNull(fn, "fn"), null)
        .start();
  }

  /**
   * Like {@link #compose(ExecutorFuture, Function)}, with {@code fn} run on {@code executor}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <I extends @Nullable Object, O extends @Nullable Object> ExecutorFuture<O> compose(
      ExecutorFuture<I> input,
      Function<? super I, ? extends AsyncFuture<? extends O>> fn,
      Executor executor) {
    return new ComposeFuture<I, O>(
            Objects.requireNonNull(input, "input"),
            Objects.requireNonNull(fn, "fn"),
            Objects.requireNonNull(executor, "executor"))
        .start();
  }

  /**
   * A future of {@code input}'s value, or, if {@code input} failed, of {@code fn} applied to the
   * failure (the same object {@code input.exception()} returns), run in the thread that completes
   * {@code input}. A cancellation is not a failure: it passes to the output, and {@code fn} does
   * not run.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object> ExecutorFuture<T> recover(
      ExecutorFuture<T> input, Function<? super Throwable, ? extends T> fn) {
    return recover(input, Throwable.class, fn);
  }

  /**
   * Like {@link #recover(ExecutorFuture, Function)}, with {@code fn} run on {@code executor}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object> ExecutorFuture<T> recover(
      ExecutorFuture<T> input, Function<? super Throwable, ? extends T> fn, Executor executor) {
    return recover(input, Throwable.class, fn, executor);
  }

  /**
   * Like {@link #recover(ExecutorFuture, Function)}, but only a failure that is an instance of
   * {@code type} goes through {@code fn}; any other failure passes to the output as it is.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object, X extends Throwable> ExecutorFuture<T> recover(
      ExecutorFuture<T> input, Class<X> type, Function<? super X, ? extends T> fn) {
    return new RecoverFuture<T, X>(
            Objects.requireNonNull(input, "input"),
            Objects.requireNonNull(type, "type"),
            Objects.requireNonNull(fn, "fn"),
            null)
        .start();
  }

  /**
   * Like {@link #recover(ExecutorFuture, Class, Function)}, with {@code fn} run on {@code
   * executor}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object, X extends Throwable> ExecutorFuture<T> recover(
      ExecutorFuture<T> input,
      Class<X> type,
      Function<? super X, ? extends T> fn,
      Executor executor) {
    return new RecoverFuture<T, X>(
            Objects.requireNonNull(input, "input"),
            Objects.requireNonNull(type, "type"),
            Objects.requireNonNull(fn, "fn"),
            Objects.requireNonNull(executor, "executor"))
        .start();
  }

  /**
   * A future that runs {@code action} once {@code input} is done, whatever its outcome, in the
   * thread that completes {@code input} (at once if it is done), and then takes {@code input}'s
   * outcome; if {@code action} throws, the output fails with what it threw instead, as a Java
   * {@code finally} block does. The action also runs for a cancelled input, and when the output
   * was cancelled first (it cancelled the input; the input may be a running task that completes
   * later): then it can no longer change the output, and a throw is logged through {@link
   * System.Logger} ({@code dev.tandem.threads}, WARNING).
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object> ExecutorFuture<T> andFinally(
      ExecutorFuture<T> input, Runnable action) {
    return new FinallyFuture<T>(
            Objects.requireNonNull(input, "input"), Objects.requireNonNull(action, "action"), null)
        .start();
  }

  /**
   * Like {@link #andFinally(ExecutorFuture, Runnable)}, with {@code action} run on {@code
   * executor}. If the executor refuses it after the output was cancelled, the refusal is logged
   * and the action does not run.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object> ExecutorFuture<T> andFinally(
      ExecutorFuture<T> input, Runnable action, Executor executor) {
    return new FinallyFuture<T>(
            Objects.requireNonNull(input, "input"),
            Objects.requireNonNull(action, "action"),
            Objects.requireNonNull(executor, "executor"))
        .start();
  }

  /**
   * A future of every input's value, in input order (an unmodifiable list that may hold nulls),
   * once all succeeded; of either kind, mixed. The first input to fail fails the output with the
   * same object, and the first input cancelled cancels it with that input's message; the other
   * inputs are left alone. Cancelling the output cancels every input not done. A pending loop
   * future whose loop is closed cancels the output with a message saying so. A future given
   * twice holds its value at both places (as Guava's {@code allAsList}). An empty collection
   * gives a future already completed with an empty list.
   *
   * <p>The output completes in the thread that completes the last input (a loop future's on its
   * loop's thread). For loop code, {@code LoopFutures.gather} returns a loop future instead.
   *
   * @throws NullPointerException if {@code futures} or an element is null
   */
  public static <T extends @Nullable Object> ExecutorFuture<List<T>> allOf(
      Collection<? extends AsyncFuture<? extends T>> futures) {
    return new AllOfFuture<T>(GroupFuture.inputs(futures)).start();
  }

  /**
   * A future of the inputs themselves, in input order (an unmodifiable list), once every one is
   * done, whatever its outcome: a value, a failure or a cancellation; read each with {@code
   * result()} or {@code exception()} (a loop future's reads, unlike its changes, work from any
   * thread). It never fails, and is cancelled only when cancelled itself (which cancels every
   * input not done) or when an input is a pending loop future whose loop is closed. A future
   * given twice appears twice. An empty collection gives a future already completed with an
   * empty list.
   *
   * @throws NullPointerException if {@code futures} or an element is null
   */
  public static <T extends @Nullable Object> ExecutorFuture<List<AsyncFuture<T>>> allSettled(
      Collection<? extends AsyncFuture<? extends T>> futures) {
    return new AllSettledFuture<T>(GroupFuture.inputs(futures)).start();
  }

  /**
   * A future of the outcome of the first input to be done: its value, the same failure object,
   * or its cancellation with the message. The other inputs are left alone; cancelling the output
   * cancels every input not done. Executor futures already done when this is called are looked
   * at in input order, at once, so the first of them wins (loop futures are looked at later, on
   * their loop's thread). A pending loop future whose loop is closed cancels the output with a
   * message saying so.
   *
   * @throws NullPointerException if {@code futures} or an element is null
   * @throws IllegalArgumentException if {@code futures} is empty: no input could ever be first
   */
  public static <T extends @Nullable Object> ExecutorFuture<T> firstOf(
      Collection<? extends AsyncFuture<? extends T>> futures) {
    AsyncFuture<? extends T>[] inputs = GroupFuture.inputs(futures);
    if (inputs.length == 0) {
      throw new IllegalArgumentException("firstOf needs at least one future; futures is empty");
    }
    return new FirstOfFuture<T>(inputs).start();
  }
}
