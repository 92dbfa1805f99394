package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loop-side combinators: gather, wait, as-completed, shield and wait-for; composition ({@link
 * #map}, {@link #compose}, {@link #recover}, {@link #andFinally}); and {@link #adopt},
 * which turns any {@link AsyncFuture} into a {@link LoopFuture} of a given loop, and {@link
 * #cancelOnClose}. Python's {@code asyncio.gather}, {@code wait}, {@code as_completed}, {@code
 * shield}, {@code wait_for} and {@code wrap_future}.
 *
 * <p>This class is a facade: each method delegates to the package-private future that
 * implements it, in a file of its own ({@code GatherFuture}, {@code WaitFuture}, {@code
 * AsCompletedFutures}, {@code ShieldFuture}, {@code WaitForFuture}, {@code AdoptedFuture}); the
 * rules they share are in {@code Combinators}.
 *
 * <h2>Any loop</h2>
 *
 * Every operation works on any {@link EventLoop} that keeps the loop contract (the {@code
 * EventLoopContract} suite of {@code tandem-api}'s test-jar), Tandem's own loops from {@link
 * EventLoops} and others alike. On another loop, the returned futures schedule their callbacks
 * with that loop's {@code callSoon}, and register for its close through {@link
 * EventLoop#onClose}.
 *
 * <h2>Inputs of any kind</h2>
 *
 * Every operation takes any {@link AsyncFuture}: loop futures of the same loop are used as they
 * are; anything else (an executor future completed on a pool thread, a loop future of another
 * loop) is first {@linkplain #adopt adopted}: a view on the loop is made of it, so its outcome
 * reaches the loop through {@code callSoonThreadsafe}.
 *
 * <h2>Duplicates</h2>
 *
 * {@link #gather} keeps a future given twice twice (asyncio's {@code gather} does); {@link
 * #wait} and {@link #asCompleted} count it once (asyncio's {@code wait} and {@code as_completed}
 * do, and so does the thread-side wait).
 *
 * <h2>Threads and order</h2>
 *
 * Call these on the loop's thread, or while the loop is not running (set-up); like every
 * mutating call of a loop future they throw {@link dev.tandem.api.WrongThreadException} from a
 * foreign thread while the loop runs. {@link #adopt} and {@link #cancelOnClose} may be called
 * from any thread. The returned futures complete on the loop thread, from done callbacks of the
 * inputs, so never inside the call that created them and never inline in an input's
 * completion; everything the loop did before an input completed happens-before the combined
 * future's callbacks. Nothing here blocks, and nothing recurses: each completion is one loop
 * step, so deep chains cannot overflow the stack.
 *
 * <h2>Cost</h2>
 *
 * An operation over N futures registers one callback per input and finishes in O(N) time in
 * total; no completion scans all the inputs.
 *
 * <h2>Closing</h2>
 *
 * Every future returned here is registered with {@link #cancelOnClose} (the futures of one
 * {@code asCompleted} call share one registration): closing the loop cancels it with the
 * message {@code "event loop closed"}, so nothing stays pending forever.
 */
public final class LoopFutures {
  private LoopFutures() {}

  // ---- adopt / cancelOnClose ----

  /**
   * Returns a loop future of {@code loop} that completes like {@code source}: a live view
   * (asyncio's {@code wrap_future}).
   *
   * <ul>
   *   <li>A loop future of {@code loop} itself is returned as it is.
   *   <li>Otherwise the view gets the source's value, the same failure object, or its
   *       cancellation with the same message, always on the loop thread through {@code
   *       callSoonThreadsafe}, and after the source completed. Nothing is copied into a view
   *       that was already cancelled or into a closed loop.
   *   <li>Cancelling the view cancels the source with the same message (barring a race with the
   *       source completing); for a source that is a loop future of another loop, the cancel
   *       runs on that loop's thread, in its FIFO order (later, when that loop is not running
   *       now; at once only if that loop is closed). A source that is already done is never
   *       cancelled.
   *   <li>Closing {@code loop} cancels the view (and therefore the source) with the message
   *       {@code "event loop closed"}.
   *   <li>A source that is a loop future of another loop gets its callback registered on its
   *       own loop's thread, through that loop's {@code callSoonThreadsafe}, when that loop runs. If that loop is closed, its futures run no
   *       callbacks, so a view of a still-pending one completes only when {@code loop} closes.
   * </ul>
   *
   * <p>Callable from any thread. From a foreign thread while {@code loop} runs, the view is
   * registered for close through the loop's thread; the caller may read the view, but mutating it follows
   * the usual loop-future rule.
   *
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if {@code loop} is closed (unless
   *     {@code source} is one of its own futures); {@code source} is left as it was
   */
  public static <T extends @Nullable Object> LoopFuture<T> adopt(
      EventLoop loop, AsyncFuture<T> source) {
    return AdoptedFuture.adopt(loop, source);
  }

  /**
   * Registers {@code future} as work its loop would complete: if the loop closes while the
   * future is pending, {@link EventLoop#close()} cancels it with the message {@code "event loop
   * closed"}. The registration ends by itself when the future completes. On an already closed
   * loop the pending future is cancelled at once. Registering twice is harmless.
   *
   * <p>Any loop future of any loop: on Tandem's own loops the loop keeps the registration
   * itself; on another loop it is an {@link EventLoop#onClose} action, deregistered when the
   * future completes. Callable from any thread; from a foreign thread while the loop runs the
   * registration is handed to the loop's thread (and if the loop closes first, the future is
   * cancelled all the same).
   *
   * @return {@code future}, for chaining
   * @throws NullPointerException if {@code future} is null
   */
  public static <T extends @Nullable Object> LoopFuture<T> cancelOnClose(LoopFuture<T> future) {
    Objects.requireNonNull(future, "future");
    if (future instanceof DefaultLoopFuture<T> own) {
      return Combinators.cancelOnClose(own);
    }
    Combinators.cancelOnCloseOf(future.loop(), future);
    return future;
  }

  // ---- gather ----

  /**
   * A loop future of the inputs' results, in input order (asyncio's {@code gather}).
   *
   * <ul>
   *   <li>It succeeds once every input succeeded. The first input to fail fails it with the
   *       same exception object; the other inputs keep running and are not cancelled.
   *   <li>An input that is cancelled makes it <em>fail</em> with a {@link CancelledException}
   *       carrying that input's cancel message; the gather itself is not cancelled.
   *   <li>Cancelling the gather (pending) cancels every input that is not done yet, with the
   *       same message (inputs of another kind through their views, which cancel their sources).
   *   <li>An empty list gives a future that is already done with an empty list.
   *   <li>The same future given twice appears twice in the result (asyncio's {@code gather} keeps
   *       duplicates; {@link #wait} and {@link #asCompleted} count them once).
   * </ul>
   *
   * @param futures the inputs; not null, without null elements
   * @return a future of an unmodifiable list, which admits null elements
   * @throws NullPointerException if an argument or an element is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  @SuppressWarnings("unchecked")
  public static <T extends @Nullable Object> LoopFuture<List<T>> gather(
      EventLoop loop, List<? extends AsyncFuture<? extends T>> futures) {
    return (LoopFuture<List<T>>)
        (LoopFuture<?>) GatherFuture.start(Combinators.host(loop), futures, false);
  }

  /**
   * Like {@link #gather(EventLoop, List)}; with {@code returnExceptions} true, failures do not
   * fail the gather but take their input's place in the list: the failure object itself ({@link
   * dev.tandem.api.Failures#unwrap unwrapped}), or a
   * {@link CancelledException} with the cancel message for a cancelled input. The gather then
   * always succeeds once every input is done (unless it is cancelled itself).
   *
   * @return a future of an unmodifiable list of results and exceptions, in input order
   * @throws NullPointerException if an argument or an element is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static LoopFuture<List<@Nullable Object>> gather(
      EventLoop loop, List<? extends AsyncFuture<?>> futures, boolean returnExceptions) {
    return GatherFuture.start(Combinators.host(loop), futures, returnExceptions);
  }

  // ---- wait ----

  /**
   * A loop future of the inputs split into done and not done, returned when {@code returnWhen}
   * says or when {@code timeout} runs out, whichever comes first (asyncio's {@code wait}).
   *
   * <ul>
   *   <li>A future given twice (the same object) counts once, as in Python: it appears once in
   *       the result, at its first position.
   *   <li>{@link ReturnWhen#FIRST_EXCEPTION} returns when an input fails (cancellation is not a
   *       failure); when none fails it behaves as {@link ReturnWhen#ALL_COMPLETED}.
   *   <li>A timeout returns the sets as they are: a partial result, not a failure, and nothing
   *       is cancelled. A null timeout waits without limit; zero returns what is done after the
   *       callbacks already due ran.
   *   <li>Cancelling the returned future cancels none of the inputs.
   *   <li>The result is {@link DoneAndNotDone}, the type the thread-side wait returns too; both
   *       sets hold the caller's own future objects, in input order.
   *   <li>"Done" is as seen on the loop: an input of another kind counts as done once its
   *       outcome reached the loop.
   * </ul>
   *
   * @param futures the inputs; not empty, without null elements
   * @param timeout the most to wait, or null for no limit
   * @throws IllegalArgumentException if {@code futures} is empty (as in asyncio), {@code
   *     timeout} is negative,
   * @throws NullPointerException if {@code loop}, {@code futures}, an element or {@code
   *     returnWhen} is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed and a timeout
   *     was given
   */
  public static <F extends AsyncFuture<?>> LoopFuture<DoneAndNotDone<F>> wait(
      EventLoop loop,
      Collection<? extends F> futures,
      ReturnWhen returnWhen,
      @Nullable Duration timeout) {
    return WaitFuture.start(Combinators.host(loop), futures, returnWhen, timeout);
  }

  // ---- as completed ----

  /**
   * The inputs' outcomes in completion order: a list of loop futures, one per distinct input,
   * where the first completes with the outcome of whichever input completes first, the second
   * with the next, and so on (asyncio's {@code as_completed}). Each carries the value, the same
   * failure object, or the cancellation (with its message) of the input it stands for.
   *
   * <ul>
   *   <li>A future given twice (the same object) counts once, as in Python and in {@link #wait}:
   *       one list future per distinct input. An empty input gives an empty list.
   *   <li>When {@code timeout} runs out, every list future not yet done fails with {@link
   *       TimeoutException}; the inputs are not cancelled.
   *   <li>Cancelling one of the list futures cancels no input; the next outcome goes to the
   *       next list future that is still pending.
   * </ul>
   *
   * @param futures the inputs; without null elements
   * @param timeout the most to wait for all of them, or null for no limit
   * @return an unmodifiable list of futures, to be awaited in list order
   * @throws NullPointerException if {@code loop}, {@code futures} or an element is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <T extends @Nullable Object> List<LoopFuture<T>> asCompleted(
      EventLoop loop,
      Collection<? extends AsyncFuture<? extends T>> futures,
      @Nullable Duration timeout) {
    return AsCompletedFutures.start(Combinators.host(loop), futures, timeout);
  }

  // ---- shield ----

  /**
   * A loop future that completes like {@code future} but whose cancellation does not reach it
   * (asyncio's {@code shield}): cancelling the returned future leaves {@code future} running.
   * If {@code future} itself is cancelled, the returned future is cancelled with the same
   * message. A loop future of this loop that is already done is returned as it is.
   *
   * @throws NullPointerException if an argument is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <T extends @Nullable Object> LoopFuture<T> shield(
      EventLoop loop, AsyncFuture<T> future) {
    return ShieldFuture.start(Combinators.host(loop), future);
  }

  // ---- wait for ----

  /**
   * A loop future that completes like {@code future}, unless {@code timeout} runs out first
   * (asyncio's {@code wait_for}). On timeout it cancels {@code future} (for an input of another
   * kind, its view, which cancels the source), waits for it to finish, and then fails with
   * {@link TimeoutException}; if the input completed anyway instead of being cancelled, its
   * outcome wins. Cancelling the returned future cancels {@code future} with the same message.
   * A null timeout waits without limit. Made while a {@link LoopTaskGroup}'s starter or a {@link
   * LoopDeadline}'s body runs, it is also cancelled (with that scope's message) when the scope is:
   * so inside a deadline it waits no longer than the earlier of its own timeout and the deadline.
   *
   * @throws NullPointerException if {@code loop} or {@code future} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed and a timeout
   *     was given
   */
  public static <T extends @Nullable Object> LoopFuture<T> waitFor(
      EventLoop loop, AsyncFuture<T> future, @Nullable Duration timeout) {
    return WaitForFuture.start(Combinators.host(loop), future, timeout);
  }

  // ---- composition ----
  /*
   * The vocabulary is Vert.x's (map / compose / recover / andFinally), the same names as the
   * executor kind's ExecutorCombinators; docs/migration.md maps Guava's and CompletableFuture's
   * names onto them. Each operator's output is a ChainedFuture (one file per operator).
   */

  /**
   * A loop future of {@code input}'s loop that completes with {@code function} of its value
   * (Guava's {@code transform}, {@code CompletableFuture.thenApply}).
   *
   * <ul>
   *   <li><b>Thread.</b> {@code function} runs later, on the loop thread, as a done callback of
   *       {@code input}: never inside this call, even when {@code input} is already done, so
   *       loop code stays single-threaded and chains never grow the stack. The output's own
   *       callbacks run later again, in registration order.
   *   <li><b>Failures.</b> A failed input fails the output with the same exception object
   *       ({@link dev.tandem.api.Failures#unwrap unwrapped}); {@code function} is not called. A
   *       {@code function} that throws fails the output with that exact object (a thrown {@link
   *       java.util.concurrent.CancellationException} cancels the output with its message).
   *   <li><b>Cancellation, both ways.</b> A cancelled input cancels the output with the same
   *       message; cancelling the output cancels {@code input} with its message, unless the
   *       input is done. Closing the loop cancels a pending output.
   * </ul>
   *
   * @throws NullPointerException if an argument is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <I extends @Nullable Object, O extends @Nullable Object> LoopFuture<O> map(
      LoopFuture<I> input, Function<? super I, ? extends O> function) {
    return MapFuture.start(input, function);
  }

  /**
   * A loop future of {@code input}'s loop that completes like the future {@code function}
   * returns for {@code input}'s value (Guava's {@code transformAsync}, {@code
   * CompletableFuture.thenCompose}). That future may be of either kind or of another loop: a
   * loop future may chain to an executor task and back. Its outcome crosses into the output's
   * loop through {@code callSoonThreadsafe}.
   *
   * <p>Threads, failures and cancellation as for {@link #map}, and: cancelling the output while
   * the returned future is pending cancels that future too, with the same message (an executor
   * future or a future of another loop through its view, which cancels its source). A {@code
   * function} that returns null fails the output with a {@link NullPointerException} that names
   * the function.
   *
   * @throws NullPointerException if an argument is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <I extends @Nullable Object, O extends @Nullable Object> LoopFuture<O> compose(
      LoopFuture<I> input, Function<? super I, ? extends AsyncFuture<? extends O>> function) {
    return ComposeFuture.start(input, function);
  }

  /**
   * A loop future of {@code input}'s loop with {@code input}'s value, or {@code function} of its
   * failure (Guava's {@code catching} with {@code Throwable}, {@code
   * CompletableFuture.exceptionally}). A cancellation is not a failure: it is never recovered
   * and crosses as for {@link #map}. Threads and cancellation as for {@link #map}.
   *
   * @throws NullPointerException if an argument is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <T extends @Nullable Object> LoopFuture<T> recover(
      LoopFuture<T> input, Function<? super Throwable, ? extends T> function) {
    return RecoverFuture.start(input, Throwable.class, function);
  }

  /**
   * Like {@link #recover(LoopFuture, Function)}, but only for failures that are instances of
   * {@code type} (Guava's {@code catching}); any other failure fails the output unchanged.
   *
   * @throws NullPointerException if an argument is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <T extends @Nullable Object, X extends Throwable> LoopFuture<T> recover(
      LoopFuture<T> input, Class<X> type, Function<? super X, ? extends T> function) {
    return RecoverFuture.start(input, type, function);
  }

  /**
   * A loop future of {@code input}'s loop that runs {@code action} once {@code input} is done,
   * whatever its outcome, then completes with that outcome, as Java's {@code finally} (Vert.x's
   * {@code eventually}, {@code CompletableFuture.whenComplete}). The action runs also when the
   * input was cancelled, and when the output was cancelled first (it then runs once the
   * cancellation reached the input). An action that throws fails a pending output with that
   * exact object instead; if the output is already done, the exception goes to the loop's
   * exception handler. Threads and cancellation as for {@link #map}.
   *
   * @throws NullPointerException if an argument is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <T extends @Nullable Object> LoopFuture<T> andFinally(
      LoopFuture<T> input, Runnable action) {
    return FinallyFuture.start(input, action);
  }
}
