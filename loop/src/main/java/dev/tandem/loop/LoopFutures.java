package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Loop-side combinators: gather, wait, as-completed, shield and wait-for, plus {@link #adopt},
 * which turns any {@link AsyncFuture} into a {@link LoopFuture} of a given loop, and {@link
 * #cancelOnClose}. Python's {@code asyncio.gather}, {@code wait}, {@code as_completed}, {@code
 * shield}, {@code wait_for} and {@code wrap_future}.
 *
 * <h2>Inputs of any kind</h2>
 *
 * Every operation takes any {@link AsyncFuture}: loop futures of the same loop are used as they
 * are; anything else (an executor future completed on a pool thread, a loop future of another
 * loop) is first {@linkplain #adopt adopted}, so its outcome reaches the loop through {@code
 * callSoonThreadsafe}. Loops must come from {@link EventLoops}.
 *
 * <h2>Threads and order</h2>
 *
 * Call these on the loop's thread, or while the loop is not running (set-up); like every
 * mutating call of a loop future they throw {@link dev.tandem.api.WrongThreadException} from a
 * foreign thread while the loop runs. {@link #adopt} alone may be called from any thread. The
 * returned futures complete on the loop thread, from done callbacks of the inputs, so never
 * inside the call that created them and never inline in an input's completion; everything the
 * loop did before an input completed happens-before the combined future's callbacks. Nothing
 * here blocks, and nothing recurses: each completion is one loop step, so deep chains cannot
 * overflow the stack.
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
   *       source completing); for a source on another running loop the cancel is handed to that
   *       loop's thread. A source that is already done is never cancelled.
   *   <li>Closing {@code loop} cancels the view (and therefore the source) with the message
   *       {@code "event loop closed"}.
   *   <li>A source that is a loop future of another loop gets its callback registered on its
   *       own loop's thread when that loop runs. If that loop is closed, its futures run no
   *       callbacks, so a view of a still-pending one completes only when {@code loop} closes.
   * </ul>
   *
   * <p>Callable from any thread. From a foreign thread while {@code loop} runs, the view is
   * registered through the loop's inbox; the caller may read the view, but mutating it follows
   * the usual loop-future rule.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code loop} does not come from {@link EventLoops}
   * @throws java.util.concurrent.RejectedExecutionException if {@code loop} is closed (unless
   *     {@code source} is one of its own futures); {@code source} is left as it was
   */
  public static <T extends @Nullable Object> LoopFuture<T> adopt(
      EventLoop loop, AsyncFuture<T> source) {
    Objects.requireNonNull(source, "source");
    DefaultEventLoop l = impl(loop);
    /*
     * A view on a closed loop could only be cancelled at once, and cancelling a view cancels its
     * source: adopting would silently cancel the caller's future. Refuse instead, at the call site.
     */
    if (l.isClosed() && !(source instanceof DefaultLoopFuture && ((DefaultLoopFuture<?>) source).loop == l)) {
      throw new java.util.concurrent.RejectedExecutionException(
          "cannot adopt a future into " + loop + ": the event loop is closed");
    }
    return toLoopFuture(l, source, false);
  }

  /**
   * Registers {@code future} as work its loop would complete: if the loop closes while the
   * future is pending, {@link EventLoop#close()} cancels it with the message {@code "event loop
   * closed"}. The registration ends by itself when the future completes. On an already closed
   * loop the pending future is cancelled at once. Registering twice is harmless.
   *
   * <p>Callable from any thread; from a foreign thread while the loop runs the registration is
   * handed to the loop through its inbox (and if the loop closes first, the future is cancelled
   * all the same).
   *
   * @return {@code future}, for chaining
   * @throws NullPointerException if {@code future} is null
   * @throws IllegalArgumentException if {@code future} does not come from a loop of {@link
   *     EventLoops}
   */
  public static <T extends @Nullable Object> LoopFuture<T> cancelOnClose(LoopFuture<T> future) {
    Objects.requireNonNull(future, "future");
    if (!(future instanceof DefaultLoopFuture)) {
      throw new IllegalArgumentException("not a future of a loop from EventLoops: " + future);
    }
    DefaultLoopFuture<T> f = (DefaultLoopFuture<T>) future;
    f.loop.registerOwned(f);
    return f;
  }

  static DefaultEventLoop impl(EventLoop loop) {
    Objects.requireNonNull(loop, "loop");
    if (!(loop instanceof DefaultEventLoop)) {
      throw new IllegalArgumentException("not a loop from EventLoops: " + loop);
    }
    return (DefaultEventLoop) loop;
  }

  /** The loop-side future of {@code source}; a view made here is internal to a combinator. */
  static <T extends @Nullable Object> DefaultLoopFuture<T> toLoopFuture(
      DefaultEventLoop loop, AsyncFuture<? extends T> source) {
    return toLoopFuture(loop, source, true);
  }

  @SuppressWarnings("unchecked")
  private static <T extends @Nullable Object> DefaultLoopFuture<T> toLoopFuture(
      DefaultEventLoop loop, AsyncFuture<? extends T> source, boolean internal) {
    if (source instanceof DefaultLoopFuture && ((DefaultLoopFuture<?>) source).loop == loop) {
      return (DefaultLoopFuture<T>) source;
    }
    AdoptedFuture<T> view = new AdoptedFuture<>(loop, (AsyncFuture<T>) source, internal);
    loop.registerOwned(view);
    view.attach();
    return view;
  }

  private static <T extends AsyncFuture<?>> List<T> requireFutures(Collection<? extends T> futures) {
    Objects.requireNonNull(futures, "futures");
    List<T> list = new ArrayList<>(futures.size());
    for (T f : futures) {
      list.add(Objects.requireNonNull(f, "futures must not contain null"));
    }
    return list;
  }

  private static void requireTimeout(@Nullable Duration timeout) {
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("negative timeout: " + timeout);
    }
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
   *   <li>The same future given twice appears twice in the result.
   * </ul>
   *
   * @param futures the inputs; not null, without null elements
   * @return a future of an unmodifiable list, which admits null elements
   * @throws NullPointerException if an argument or an element is null
   * @throws IllegalArgumentException if {@code loop} does not come from {@link EventLoops}
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  @SuppressWarnings("unchecked")
  public static <T extends @Nullable Object> LoopFuture<List<T>> gather(
      EventLoop loop, List<? extends AsyncFuture<? extends T>> futures) {
    return (LoopFuture<List<T>>) (LoopFuture<?>) gatherImpl(impl(loop), futures, false);
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
   * @throws IllegalArgumentException if {@code loop} does not come from {@link EventLoops}
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static LoopFuture<List<@Nullable Object>> gather(
      EventLoop loop, List<? extends AsyncFuture<?>> futures, boolean returnExceptions) {
    return gatherImpl(impl(loop), futures, returnExceptions);
  }

  private static LoopFuture<List<@Nullable Object>> gatherImpl(
      DefaultEventLoop loop, List<? extends AsyncFuture<?>> futures, boolean returnExceptions) {
    List<? extends AsyncFuture<?>> inputs = requireFutures(futures);
    GatherFuture gather = new GatherFuture(loop, inputs.size(), returnExceptions);
    if (inputs.isEmpty()) {
      gather.setResult(List.of());
      return gather;
    }
    for (int i = 0; i < inputs.size(); i++) {
      DefaultLoopFuture<?> child = toLoopFuture(loop, inputs.get(i));
      gather.children[i] = child;
      child.addDoneCallback(gather);
    }
    loop.registerOwned(gather);
    return gather;
  }

  /**
   * The gather and its one done callback, registered on every input (asyncio's design): it only
   * counts, and fails the gather early; the results are read from the inputs, in input order,
   * once the last one is done. No per-input object besides the input itself.
   */
  private static final class GatherFuture extends DefaultLoopFuture<List<@Nullable Object>>
      implements Consumer<AsyncFuture<?>> {
    final DefaultLoopFuture<?>[] children;
    private final boolean returnExceptions;
    private int remaining;

    GatherFuture(DefaultEventLoop loop, int n, boolean returnExceptions) {
      super(loop);
      this.children = new DefaultLoopFuture<?>[n];
      this.returnExceptions = returnExceptions;
      this.remaining = n;
    }

    @Override
    void onCancelled(@Nullable String message) {
      for (DefaultLoopFuture<?> child : children) {
        if (child != null && !child.isDone()) {
          child.cancel(message);
        }
      }
    }

    /** An input is done. */
    @Override
    public void accept(AsyncFuture<?> child) {
      if (isDone()) {
        if (!child.isCancelled()) {
          child.exception(); // the gather's outcome is decided: mark the failure seen
        }
        return;
      }
      if (!returnExceptions) {
        Throwable failure = failureOf(child);
        if (failure != null) {
          fail(failure);
          return;
        }
      }
      if (--remaining == 0) {
        @Nullable Object[] results = new Object[children.length];
        for (int i = 0; i < results.length; i++) {
          DefaultLoopFuture<?> input = children[i];
          // Without returnExceptions a failure already failed the gather: all succeeded.
          Throwable failure = returnExceptions ? failureOf(input) : null;
          results[i] = failure != null ? failure : input.result();
        }
        setResult(Collections.unmodifiableList(Arrays.asList(results)));
      }
    }

    /**
     * A done input's failure as the gather reports it: the unwrapped exception, or a {@link
     * CancelledException} with the cancel message; null if it succeeded. Marks a failure seen.
     */
    private static @Nullable Throwable failureOf(AsyncFuture<?> child) {
      if (child.isCancelled()) {
        return new CancelledException(AdoptedFuture.cancelMessage(child));
      }
      Throwable failure = child.exception();
      return failure == null ? null : Failures.unwrap(failure);
    }
  }

  // ---- wait ----

  /**
   * A loop future of the inputs split into done and pending, returned when {@code returnWhen}
   * says or when {@code timeout} runs out, whichever comes first (asyncio's {@code wait}).
   *
   * <ul>
   *   <li>Duplicates (the same object twice) are removed.
   *   <li>{@link ReturnWhen#FIRST_EXCEPTION} returns when an input fails (cancellation is not a
   *       failure); when none fails it behaves as {@link ReturnWhen#ALL_COMPLETED}.
   *   <li>A timeout returns the sets as they are: a partial result, not a failure, and nothing
   *       is cancelled. A null timeout waits without limit; zero returns what is done after the
   *       callbacks already due ran.
   *   <li>Cancelling the returned future cancels none of the inputs.
   *   <li>"Done" is as seen on the loop: an input of another kind counts as done once its
   *       outcome reached the loop.
   * </ul>
   *
   * @param futures the inputs; not empty, without null elements
   * @param timeout the most to wait, or null for no limit
   * @throws IllegalArgumentException if {@code futures} is empty (as in asyncio), {@code
   *     timeout} is negative, or {@code loop} does not come from {@link EventLoops}
   * @throws NullPointerException if {@code loop}, {@code futures}, an element or {@code
   *     returnWhen} is null
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed and a timeout
   *     was given
   */
  public static <F extends AsyncFuture<?>> LoopFuture<DoneAndPending<F>> wait(
      EventLoop loop,
      Collection<? extends F> futures,
      ReturnWhen returnWhen,
      @Nullable Duration timeout) {
    DefaultEventLoop l = impl(loop);
    Objects.requireNonNull(returnWhen, "returnWhen");
    requireTimeout(timeout);
    List<F> inputs = distinct(requireFutures(futures));
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("wait() needs at least one future");
    }
    WaitFuture<F> wait = new WaitFuture<>(l, inputs, returnWhen);
    for (int i = 0; i < inputs.size(); i++) {
      DefaultLoopFuture<?> view = toLoopFuture(l, inputs.get(i));
      wait.views[i] = view;
      view.addDoneCallback(wait.onInputDone);
    }
    if (timeout != null) {
      wait.timer = l.callLater(timeout, wait::finishIfPending);
    }
    l.registerOwned(wait);
    return wait;
  }

  /**
   * {@code futures} without repeats of the same object, in first-seen order; {@code futures}
   * itself (a fresh list) when there are none. The identity index is an {@code int[]} of
   * positions, not a map of references: nothing for the garbage collector to trace.
   */
  private static <F> List<F> distinct(List<F> futures) {
    int n = futures.size();
    if (n < 2) {
      return futures;
    }
    int capacity = Integer.highestOneBit(n) << 2; // a power of two, at least 2n
    int mask = capacity - 1;
    int[] table = new int[capacity]; // position + 1, 0 for an empty slot
    List<F> unique = null; // made at the first repeat
    for (int i = 0; i < n; i++) {
      F f = futures.get(i);
      int h = System.identityHashCode(f);
      int slot = (h ^ (h >>> 16)) & mask;
      boolean repeat = false;
      for (int at; (at = table[slot]) != 0; slot = (slot + 1) & mask) {
        if (futures.get(at - 1) == f) {
          repeat = true;
          break;
        }
      }
      if (repeat) {
        if (unique == null) {
          unique = new ArrayList<>(futures.subList(0, i));
        }
      } else {
        table[slot] = i + 1;
        if (unique != null) {
          unique.add(f);
        }
      }
    }
    return unique == null ? futures : unique;
  }


  private static final class WaitFuture<F extends AsyncFuture<?>>
      extends DefaultLoopFuture<DoneAndPending<F>> {
    private final List<F> inputs;
    final DefaultLoopFuture<?>[] views;
    private final ReturnWhen returnWhen;
    private int remaining;
    @Nullable Handle timer;
    final Consumer<AsyncFuture<?>> onInputDone = this::inputDone;

    WaitFuture(DefaultEventLoop loop, List<F> inputs, ReturnWhen returnWhen) {
      super(loop);
      this.inputs = inputs;
      this.views = new DefaultLoopFuture<?>[inputs.size()];
      this.returnWhen = returnWhen;
      this.remaining = inputs.size();
    }

    private void inputDone(AsyncFuture<?> view) {
      if (isDone()) {
        return;
      }
      remaining--;
      if (remaining == 0
          || returnWhen == ReturnWhen.FIRST_COMPLETED
          || (returnWhen == ReturnWhen.FIRST_EXCEPTION
              && !view.isCancelled()
              && view.exception() != null)) {
        finishIfPending();
      }
    }

    void finishIfPending() {
      if (isDone()) {
        return;
      }
      int n = views.length;
      int doneCount = 0;
      for (int i = 0; i < n; i++) {
        if (views[i].isDone()) {
          doneCount++;
        }
      }
      /* The inputs are distinct, so array-backed sets in input order need no hashing. */
      Object[] done = new Object[doneCount];
      Object[] pending = new Object[n - doneCount];
      int d = 0;
      int p = 0;
      for (int i = 0; i < n; i++) {
        if (views[i].isDone()) {
          done[d++] = inputs.get(i);
        } else {
          pending[p++] = inputs.get(i);
        }
      }
      detach();
      setResult(new DoneAndPending<F>(ArraySet.of(done, d), ArraySet.of(pending, p)));
    }

    private void detach() {
      Handle t = timer;
      if (t != null) {
        t.cancel();
      }
      for (DefaultLoopFuture<?> view : views) {
        if (view != null && !view.isDone()) {
          view.removeDoneCallback(onInputDone);
        }
      }
    }

    @Override
    void onCancelled(@Nullable String message) {
      detach();
    }
  }

  // ---- as completed ----

  /**
   * The inputs' outcomes in completion order: a list of loop futures, one per distinct input,
   * where the first completes with the outcome of whichever input completes first, the second
   * with the next, and so on (asyncio's {@code as_completed}). Each carries the value, the same
   * failure object, or the cancellation (with its message) of the input it stands for.
   *
   * <ul>
   *   <li>Duplicates (the same object twice) are removed; an empty input gives an empty list.
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
   * @throws IllegalArgumentException if {@code timeout} is negative or {@code loop} does not
   *     come from {@link EventLoops}
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  @SuppressWarnings("unchecked")
  public static <T extends @Nullable Object> List<LoopFuture<T>> asCompleted(
      EventLoop loop,
      Collection<? extends AsyncFuture<? extends T>> futures,
      @Nullable Duration timeout) {
    DefaultEventLoop l = impl(loop);
    requireTimeout(timeout);
    List<? extends AsyncFuture<? extends T>> inputs = distinct(requireFutures(futures));
    if (inputs.isEmpty()) {
      return List.of();
    }
    AsCompleted<T> state = new AsCompleted<>(l, inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      DefaultLoopFuture<? extends T> view = toLoopFuture(l, inputs.get(i));
      state.views[i] = view;
      view.addDoneCallback(state.onInputDone);
    }
    if (timeout != null) {
      state.timer = l.callLater(timeout, () -> state.timeOut(timeout));
    }
    /* One owned guard stands for all the slots: closing the loop cancels the pending ones. */
    l.registerOwned(state.guard);
    return Collections.unmodifiableList(Arrays.asList((LoopFuture<T>[]) state.slots));
  }

  private static final class AsCompleted<T extends @Nullable Object> {
    final DefaultLoopFuture<T>[] slots;
    final DefaultLoopFuture<? extends T>[] views;
    final SlotsGuard guard;
    private int nextSlot;
    private int remainingInputs;
    @Nullable Handle timer;
    final Consumer<AsyncFuture<?>> onInputDone = this::inputDone;

    @SuppressWarnings("unchecked")
    AsCompleted(DefaultEventLoop loop, int n) {
      slots = (DefaultLoopFuture<T>[]) new DefaultLoopFuture<?>[n];
      views = (DefaultLoopFuture<? extends T>[]) new DefaultLoopFuture<?>[n];
      for (int i = 0; i < n; i++) {
        slots[i] = new DefaultLoopFuture<>(loop);
      }
      remainingInputs = n;
      guard = new SlotsGuard(loop, slots);
    }

    /** Every slot has its outcome (each input filled one, or they timed out): release the guard. */
    private void allSlotsDone() {
      if (!guard.isDone()) {
        guard.setResult(null);
      }
    }

    private void inputDone(AsyncFuture<?> view) {
      boolean last = --remainingInputs == 0;
      if (last && timer != null) {
        timer.cancel();
      }
      fillNextSlot(view);
      if (last) {
        allSlotsDone(); // n outcomes for n slots: none is pending any more
      }
    }

    @SuppressWarnings("unchecked")
    private void fillNextSlot(AsyncFuture<?> view) {
      while (nextSlot < slots.length && slots[nextSlot].isDone()) {
        nextSlot++;
      }
      if (nextSlot == slots.length) {
        if (!view.isCancelled()) {
          view.exception(); // nobody is left to hand it to; do not report it as unretrieved
        }
        return;
      }
      AdoptedFuture.copyOutcome((AsyncFuture<? extends T>) view, slots[nextSlot++]);
    }

    void timeOut(Duration timeout) {
      for (DefaultLoopFuture<? extends T> view : views) {
        if (!view.isDone()) {
          view.removeDoneCallback(onInputDone);
        }
      }
      for (int i = nextSlot; i < slots.length; i++) {
        if (!slots[i].isDone()) {
          slots[i].fail(new TimeoutException("asCompleted timed out after " + timeout));
        }
      }
      nextSlot = slots.length;
      allSlotsDone();
    }
  }

  /**
   * Registered with {@link #cancelOnClose} in place of every slot of one {@code asCompleted}
   * call (one owned entry instead of n): closing the loop cancels the slots still pending. It
   * completes once all slots have their outcomes, which ends the registration.
   */
  private static final class SlotsGuard extends DefaultLoopFuture<@Nullable Void> {
    private final DefaultLoopFuture<?>[] slots;

    SlotsGuard(DefaultEventLoop loop, DefaultLoopFuture<?>[] slots) {
      super(loop);
      this.slots = slots;
    }

    @Override
    void onCancelled(@Nullable String message) {
      for (DefaultLoopFuture<?> slot : slots) {
        if (!slot.isDone()) {
          slot.cancel(message);
        }
      }
    }
  }

  // ---- shield ----

  /**
   * A loop future that completes like {@code future} but whose cancellation does not reach it
   * (asyncio's {@code shield}): cancelling the returned future leaves {@code future} running.
   * If {@code future} itself is cancelled, the returned future is cancelled with the same
   * message. A loop future of this loop that is already done is returned as it is.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code loop} does not come from {@link EventLoops}
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <T extends @Nullable Object> LoopFuture<T> shield(
      EventLoop loop, AsyncFuture<T> future) {
    DefaultEventLoop l = impl(loop);
    Objects.requireNonNull(future, "future");
    DefaultLoopFuture<T> inner = toLoopFuture(l, future);
    if (inner.isDone()) {
      return inner;
    }
    ShieldFuture<T> outer = new ShieldFuture<>(l, inner);
    inner.addDoneCallback(outer.onInnerDone);
    l.registerOwned(outer);
    return outer;
  }

  private static final class ShieldFuture<T extends @Nullable Object> extends DefaultLoopFuture<T> {
    private final DefaultLoopFuture<T> inner;
    final Consumer<AsyncFuture<T>> onInnerDone = this::innerDone;

    ShieldFuture(DefaultEventLoop loop, DefaultLoopFuture<T> inner) {
      super(loop);
      this.inner = inner;
    }

    private void innerDone(AsyncFuture<T> f) {
      if (isDone()) {
        return;
      }
      AdoptedFuture.copyOutcome(inner, this);
    }

    @Override
    void onCancelled(@Nullable String message) {
      inner.removeDoneCallback(onInnerDone);
    }
  }

  // ---- wait for ----

  /**
   * A loop future that completes like {@code future}, unless {@code timeout} runs out first
   * (asyncio's {@code wait_for}). On timeout it cancels {@code future} (for an input of another
   * kind, its view, which cancels the source), waits for it to finish, and then fails with
   * {@link TimeoutException}; if the input completed anyway instead of being cancelled, its
   * outcome wins. Cancelling the returned future cancels {@code future} with the same message.
   * A null timeout waits without limit.
   *
   * @throws NullPointerException if {@code loop} or {@code future} is null
   * @throws IllegalArgumentException if {@code timeout} is negative or {@code loop} does not
   *     come from {@link EventLoops}
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed and a timeout
   *     was given
   */
  public static <T extends @Nullable Object> LoopFuture<T> waitFor(
      EventLoop loop, AsyncFuture<T> future, @Nullable Duration timeout) {
    DefaultEventLoop l = impl(loop);
    Objects.requireNonNull(future, "future");
    requireTimeout(timeout);
    DefaultLoopFuture<T> inner = toLoopFuture(l, future);
    WaitForFuture<T> outer = new WaitForFuture<>(l, inner, timeout);
    inner.addDoneCallback(outer.onInnerDone);
    if (timeout != null) {
      outer.timer = l.callLater(timeout, outer::timeOut);
    }
    l.registerOwned(outer);
    return outer;
  }

  private static final class WaitForFuture<T extends @Nullable Object>
      extends DefaultLoopFuture<T> {
    private final DefaultLoopFuture<T> inner;
    private final @Nullable Duration timeout;
    private boolean timedOut;
    @Nullable Handle timer;
    final Consumer<AsyncFuture<T>> onInnerDone = this::innerDone;

    WaitForFuture(DefaultEventLoop loop, DefaultLoopFuture<T> inner, @Nullable Duration timeout) {
      super(loop);
      this.inner = inner;
      this.timeout = timeout;
    }

    void timeOut() {
      if (isDone() || inner.isDone()) {
        return;
      }
      timedOut = true;
      inner.cancel("waitFor timed out after " + timeout);
    }

    private void innerDone(AsyncFuture<T> f) {
      Handle t = timer;
      if (t != null) {
        t.cancel();
      }
      if (isDone()) {
        if (!inner.isCancelled()) {
          inner.exception();
        }
        return;
      }
      if (timedOut && inner.isCancelled()) {
        fail(new TimeoutException("waitFor timed out after " + timeout));
      } else {
        AdoptedFuture.copyOutcome(inner, this);
      }
    }

    @Override
    void onCancelled(@Nullable String message) {
      Handle t = timer;
      if (t != null) {
        t.cancel();
      }
      if (!inner.isDone()) {
        inner.cancel(message);
      }
    }
  }
}
