package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.UncheckedWaitException;
import dev.tandem.api.ReturnWhen;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Blocking group operations over any mix of futures: Python's {@code concurrent.futures.wait}
 * and {@code as_completed}, for executor futures and loop futures together.
 *
 * <!-- snippet:javadoc-future-waits (compiled by the samples module) -->
 * <pre>{@code
 * DoneAndNotDone<AsyncFuture<String>> r =
 *     FutureWaits.wait(List.of(fromPool, fromLoop), ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(1));
 * for (Iterator<AsyncFuture<String>> it = FutureWaits.asCompleted(futures); it.hasNext(); ) {
 *   System.out.println(it.next().result());
 * }
 * }</pre>
 *
 * <h2>Threads and cost</h2>
 *
 * The calling thread blocks; nothing else is started. One waiter is registered per pending
 * future (on a {@link dev.tandem.api.LoopFuture} through its loop's {@code callSoonThreadsafe},
 * since a loop future is confined to its loop), completions are handed to the caller through a
 * queue, and each is handled once: the cost is linear in the number of futures. The waiter is
 * removed from the futures still pending when a wait returns. A loop future whose loop is closed
 * while it is pending can never complete: a wait stops waiting for it (an untimed wait returns
 * once only such futures are left) and it counts as not done; an as-completed iteration drops it.
 *
 * <p>Duplicates (by {@code equals}, which futures inherit from {@code Object}) count once. An
 * empty collection returns at once: both sets empty, or an iterator without elements. Nothing
 * here cancels anything, also not on timeout.
 *
 * <h2>Inside a task group or a deadline</h2>
 *
 * Called inside a {@link TaskGroup} (its block or one of its children) or a {@link Deadline}, a
 * wait that blocks ends with that scope's cancellation, thrown as a {@link
 * dev.tandem.api.CancelledException} with its message (so a group's shutdown or a deadline's
 * expiry stops it), and waits no longer than the earliest deadline in effect; its own timeout
 * still returns or throws as described above.
 *
 * <h2>On an event loop's thread</h2>
 *
 * A call that would have to block throws {@link dev.tandem.api.BlockingOnLoopException} on a
 * running event loop's thread instead of blocking it; use a loop-side combinator there. Calls
 * that can answer at once (everything needed is already done, or a zero timeout) are allowed.
 */
public final class FutureWaits {
  private FutureWaits() {}

  /**
   * Waits, without a time limit, until {@code returnWhen} is met. See {@link #wait(Collection,
   * ReturnWhen, Duration)}.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if an argument or an element is null
   * @throws dev.tandem.api.BlockingOnLoopException if it would block on a running event loop's
   *     thread
   */
  public static <F extends AsyncFuture<?>> DoneAndNotDone<F> wait(
      Collection<? extends F> futures, ReturnWhen returnWhen) throws InterruptedException {
    return waitFor(futures, returnWhen, 0L, false);
  }

  /**
   * Waits until {@code returnWhen} is met or {@code timeout} runs out, and returns which futures
   * are done (Python's {@code concurrent.futures.wait}).
   *
   * <ul>
   *   <li>{@link ReturnWhen#FIRST_COMPLETED}: once any future is done, however it ended.
   *   <li>{@link ReturnWhen#FIRST_EXCEPTION}: once any future failed with an exception; as
   *       {@code ALL_COMPLETED} if none fails. A cancelled future is not a failure.
   *   <li>{@link ReturnWhen#ALL_COMPLETED}: once every future is done.
   * </ul>
   *
   * When the timeout runs out it returns the futures done so far; nothing is cancelled. A zero
   * timeout only looks. Futures that completed while the call was returning may be in either set.
   *
   * @param futures the futures, of any kinds; duplicates count once
   * @return the done and the not-done futures; both empty for an empty {@code futures}
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if an argument or an element is null
   * @throws dev.tandem.api.BlockingOnLoopException if it would block on a running event loop's
   *     thread
   */
  public static <F extends AsyncFuture<?>> DoneAndNotDone<F> wait(
      Collection<? extends F> futures, ReturnWhen returnWhen, Duration timeout)
      throws InterruptedException {
    return waitFor(futures, returnWhen, Blocking.toNanos(timeout), true);
  }

  @SuppressWarnings("unchecked")
  private static <F extends AsyncFuture<?>> DoneAndNotDone<F> waitFor(
      Collection<? extends F> futures, ReturnWhen returnWhen, long nanos, boolean timed)
      throws InterruptedException {
    if (returnWhen == null) {
      throw new NullPointerException("returnWhen");
    }
    Set<F> notDone = unique(futures);
    Set<F> done = new LinkedHashSet<>();
    boolean failed = false;
    for (Iterator<F> it = notDone.iterator(); it.hasNext(); ) {
      F future = it.next();
      if (future.isDone()) {
        it.remove();
        done.add(future);
        failed |= returnWhen == ReturnWhen.FIRST_EXCEPTION && hasFailed(future);
      }
    }
    if (met(returnWhen, done, notDone, failed) || (timed && nanos == 0L)) {
      return new DoneAndNotDone<>(inInputOrder(futures, done), inInputOrder(futures, notDone));
    }
    Blocking.checkNotOnLoop("a group wait on " + notDone.size() + " futures");
    CancelScope scope = CancelScope.current();
    CompletionQueue waiter = new CompletionQueue();
    Runnable waker = waiter::wakeUp;
    if (scope != null) {
      scope.addWaker(waker);
    }
    for (F future : notDone) {
      waiter.register(future);
    }
    long deadline = timed ? System.nanoTime() + nanos : 0L;
    int stranded = 0;
    try {
      while (!met(returnWhen, done, notDone, failed) && stranded < notDone.size()) {
        if (scope != null) {
          scope.throwIfCancelled();
        }
        long left = timed ? deadline - System.nanoTime() : 0L;
        if (timed && left <= 0) {
          break;
        }
        CompletionQueue.Completion completion = waiter.poll(left, timed, scope);
        if (completion == null) {
          break;
        }
        AsyncFuture<?> completed = completion.future();
        if (completion.stranded()) {
          stranded += notDone.contains(completed) ? 1 : 0;
        } else if (notDone.remove(completed)) {
          done.add((F) completed);
          failed |= returnWhen == ReturnWhen.FIRST_EXCEPTION && hasFailed(completed);
        }
      }
    } finally {
      List<CompletionQueue.Completion> late = new ArrayList<>();
      waiter.drainTo(late);
      for (CompletionQueue.Completion completion : late) {
        if (!completion.stranded() && notDone.remove(completion.future())) {
          done.add((F) completion.future());
        }
      }
      for (F future : notDone) {
        waiter.unregister(future);
      }
      if (scope != null) {
        scope.removeWaker(waker);
      }
    }
    return new DoneAndNotDone<>(inInputOrder(futures, done), inInputOrder(futures, notDone));
  }

  private static boolean met(
      ReturnWhen returnWhen, Set<?> done, Set<?> notDone, boolean failed) {
    if (notDone.isEmpty()) {
      return true;
    }
    switch (returnWhen) {
      case FIRST_COMPLETED:
        return !done.isEmpty();
      case FIRST_EXCEPTION:
        return failed;
      default:
        return false;
    }
  }

  private static boolean hasFailed(AsyncFuture<?> done) {
    return !done.isCancelled() && done.exception() != null;
  }

  /** Duplicates removed, input order kept; rejects null elements. */
  private static <F extends AsyncFuture<?>> Set<F> unique(Collection<? extends F> futures) {
    if (futures == null) {
      throw new NullPointerException("futures");
    }
    Set<F> unique = new LinkedHashSet<>(Math.max(16, futures.size() * 2));
    for (F future : futures) {
      if (future == null) {
        throw new NullPointerException("futures contains null");
      }
      unique.add(future);
    }
    return unique;
  }

  /* done gets completion order inside the loop; callers get input order. O(N) either way. */
  private static <F extends AsyncFuture<?>> Set<F> inInputOrder(
      Collection<? extends F> input, Set<F> subset) {
    if (subset.isEmpty()) {
      return subset;
    }
    Set<F> ordered = new LinkedHashSet<>(Math.max(16, subset.size() * 2));
    for (F future : input) {
      if (subset.contains(future)) {
        ordered.add(future);
      }
    }
    return ordered;
  }

  /**
   * Iterates over the futures as they complete, without a time limit. See {@link
   * #asCompleted(Collection, Duration)}.
   *
   * @throws NullPointerException if {@code futures} or an element is null
   */
  public static <F extends AsyncFuture<?>> Iterator<F> asCompleted(
      Collection<? extends F> futures) {
    return new AsCompleted<>(futures, 0L, false);
  }

  /**
   * Iterates over the futures as they complete (Python's {@code as_completed}): first those
   * already done when this is called, in input order, then the others in the order they
   * complete, each once. Waiters are registered by this call, so completion order counts from
   * here; so does {@code timeout}.
   *
   * <p>{@link Iterator#next()} blocks until the next future is done. It cannot throw a checked
   * exception, so it signals both ways a wait can end early with {@link UncheckedWaitException},
   * whose cause is what the other waits throw: if the timeout runs out first, a {@link
   * TimeoutException} whose message says how many of how many futures are unfinished, for
   * instance {@code "2 (of 5) futures unfinished after 50 ms"} (the iteration is then over and
   * the waiters are removed; nothing is cancelled); if the thread is interrupted while waiting,
   * the {@link InterruptedException}, with the thread's interrupt flag set again (the iteration
   * may be resumed). On a running event loop's thread,
   * {@code next()} throws {@link dev.tandem.api.BlockingOnLoopException} when it would block.
   *
   * <p>A loop future whose loop closes while it is pending can never complete: the iteration
   * drops it, and if it was the last one, a {@code next()} waiting for it throws {@link
   * NoSuchElementException} saying so ({@code hasNext()} is false from then on).
   *
   * <p>The iterator keeps no reference to the futures it already returned. An iterator
   * abandoned early leaves its waiter on the unfinished futures until they complete. It is
   * meant for one thread; {@code remove()} is not supported.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if an argument or an element is null
   */
  public static <F extends AsyncFuture<?>> Iterator<F> asCompleted(
      Collection<? extends F> futures, Duration timeout) {
    return new AsCompleted<>(futures, Blocking.toNanos(timeout), true);
  }

  private static final class AsCompleted<F extends AsyncFuture<?>> implements Iterator<F> {
    private final ArrayDeque<F> ready = new ArrayDeque<>();
    private final Set<AsyncFuture<?>> pending = Collections.newSetFromMap(new IdentityHashMap<>());
    private final CompletionQueue waiter = new CompletionQueue();
    private final int total;
    private final long nanos;
    private final boolean timed;
    private final long deadline;
    private boolean timedOut;

    AsCompleted(Collection<? extends F> futures, long nanos, boolean timed) {
      Set<F> unique = unique(futures);
      this.total = unique.size();
      this.nanos = nanos;
      this.timed = timed;
      this.deadline = timed ? System.nanoTime() + nanos : 0L;
      for (F future : unique) {
        if (future.isDone()) {
          ready.add(future);
        } else {
          pending.add(future);
        }
      }
      for (AsyncFuture<?> future : pending) {
        waiter.register(future);
      }
    }

    /** The next completion, or null when the time ran out; inside the current scope, if any. */
    private CompletionQueue.@Nullable Completion pollInScope() {
      CancelScope scope = CancelScope.current();
      Runnable waker = waiter::wakeUp;
      if (scope != null) {
        scope.addWaker(waker);
      }
      try {
        for (; ; ) {
          if (scope != null) {
            scope.throwIfCancelled();
          }
          long left = timed ? deadline - System.nanoTime() : 0L;
          if (timed && left <= 0) {
            return null;
          }
          CompletionQueue.Completion completed = waiter.poll(left, timed, scope);
          if (completed != CompletionQueue.WAKE_UP) {
            return completed;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedWaitException(
            "interrupted while waiting for the next of " + pending.size() + " futures", e);
      } finally {
        if (scope != null) {
          scope.removeWaker(waker);
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !timedOut && (!ready.isEmpty() || !pending.isEmpty());
    }

    @Override
    @SuppressWarnings("unchecked")
    public F next() {
      if (!hasNext()) {
        throw new NoSuchElementException(
            timedOut ? "the iteration timed out" : "every future was returned");
      }
      F first = ready.poll();
      if (first != null) {
        return first;
      }
      for (; ; ) {
        CompletionQueue.Completion completion = waiter.poll();
        if (completion == null) {
          completion = await();
        }
        AsyncFuture<?> completed = completion.future();
        if (!pending.remove(completed)) {
          continue;
        }
        if (!completion.stranded()) {
          return (F) completed;
        }
        if (pending.isEmpty()) {
          throw new NoSuchElementException(
              "the last unfinished future can never complete: its event loop closed while it"
                  + " was pending ("
                  + completed
                  + ")");
        }
      }
    }

    private CompletionQueue.Completion await() {
      long left = timed ? deadline - System.nanoTime() : 0L;
      CompletionQueue.Completion completed = null;
      if (!timed || left > 0) {
        Blocking.checkNotOnLoop("the next of " + pending.size() + " futures to complete");
        completed = pollInScope();
      }
      if (completed == null) {
        timedOut = true;
        String message =
            pending.size()
                + " (of "
                + total
                + ") futures unfinished after "
                + Blocking.describe(nanos);
        for (AsyncFuture<?> future : pending) {
          waiter.unregister(future);
        }
        pending.clear();
        throw new UncheckedWaitException(new TimeoutException(message));
      }
      return completed;
    }
  }
}
