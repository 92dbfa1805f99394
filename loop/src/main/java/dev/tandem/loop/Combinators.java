package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The rules every loop-side combinator follows, each a named method, so a new combinator calls
 * them instead of rediscovering them. A combinator is a {@link DefaultLoopFuture} subclass in a
 * file of its own ({@link GatherFuture}, {@link WaitFuture}, {@link AsCompletedFutures}, {@link
 * ShieldFuture}, {@link WaitForFuture}, {@link AdoptedFuture}) with a static factory that:
 *
 * <ol>
 *   <li><b>accepts any loop</b>: {@link #host(EventLoop)} is the loop as its futures see it, for
 *       Tandem's own loops and any other {@link EventLoop} alike;
 *   <li><b>checks its input at the call site</b>: {@link #requireFutures}, {@link
 *       #requireTimeout}, and for the wait family (which counts a future given twice once, as
 *       Python does) {@link #distinct};
 *   <li><b>adopts every input</b>: {@link #adoptInput} gives a loop future of the combinator's
 *       loop for any input, so everything after it works with one loop's futures on one thread;
 *   <li><b>registers with the loop so close() cancels it</b>: {@link #cancelOnClose}, once its
 *       future is wired, so closing the loop leaves nothing pending forever;
 *   <li><b>marks a dropped failure as retrieved</b>: {@link #markRetrieved}, wherever an input's
 *       outcome arrives after the combinator's own outcome was decided, so the failure is not
 *       reported as "never retrieved" for the combinator's sake;
 *   <li>opens each callback it registers on an input with {@code assert
 *       host.inLoopThread();}: inputs' done callbacks and its timers run on the loop thread.
 * </ol>
 */
final class Combinators {
  private Combinators() {}

  /**
   * The host of {@code loop}'s futures: the loop itself if it is one of Tandem's (an own or a
   * {@linkplain HostedEventLoop hosted} loop), else a {@link ForeignLoopHost} over its public
   * methods.
   *
   * @throws NullPointerException if {@code loop} is null
   */
  static FutureHost host(EventLoop loop) {
    Objects.requireNonNull(loop, "loop");
    return loop instanceof FutureHost own ? own : new ForeignLoopHost(loop);
  }

  /** Whether {@code future} is a loop future of {@code loop} (of any implementation). */
  static boolean isOfLoop(AsyncFuture<?> future, EventLoop loop) {
    return future instanceof LoopFuture<?> lf && lf.loop() == loop;
  }

  /**
   * "Adopt every input": {@code input} itself if it is a loop future of {@code host}'s loop,
   * else an internal {@linkplain AdoptedFuture view} of it on that loop, registered so that
   * closing the loop cancels it. A failure copied into an internal view counts as seen: the
   * caller holds the source, which reports it.
   */
  @SuppressWarnings("unchecked")
  static <T extends @Nullable Object> LoopFuture<T> adoptInput(
      FutureHost host, AsyncFuture<? extends T> input) {
    if (isOfLoop(input, host.eventLoop())) {
      return (LoopFuture<T>) input;
    }
    return AdoptedFuture.view(host, (AsyncFuture<T>) input, true);
  }

  /**
   * "Register with the loop so close() cancels it": while {@code future} is pending, closing its
   * loop cancels it with {@code "event loop closed"}; on a closed loop it is cancelled at once.
   * Any thread.
   *
   * @return {@code future}
   */
  static <F extends DefaultLoopFuture<?>> F cancelOnClose(F future) {
    future.host.registerOwned(future);
    return future;
  }

  /**
   * The same registration for a loop future of any implementation, through {@link
   * EventLoop#onClose}: the action cancels {@code future} unless it is done, and {@code
   * future}'s completion cancels the action's handle, so a long-lived loop keeps no
   * registration of a finished future. The deregistering callback is added on the loop's thread
   * ({@link LoopThreads#runOnLoop}). Any thread.
   */
  static void cancelOnCloseOf(EventLoop loop, LoopFuture<?> future) {
    if (future.isDone()) {
      return;
    }
    Handle registration =
        loop.onClose(
            () -> {
              if (!future.isDone()) {
                future.cancel(DefaultEventLoop.CLOSED_MESSAGE);
              }
            });
    Consumer<AsyncFuture<?>> deregister = done -> registration.cancel();
    LoopThreads.runOnLoop(
        loop,
        () -> {
          if (future.isDone()) {
            registration.cancel();
          } else {
            future.addDoneCallback(deregister);
          }
        });
    // false from runOnLoop: the loop closed, and its close action has run or runs now
  }

  /**
   * "Mark a dropped failure as retrieved": {@code dropped} is a done input whose outcome the
   * combinator no longer hands to anyone; reading its exception silences the unretrieved-failure
   * report. A cancelled input has no failure to silence.
   */
  static void markRetrieved(AsyncFuture<?> dropped) {
    if (!dropped.isCancelled()) {
      dropped.exception();
    }
  }

  /**
   * A fresh list of {@code futures}, in order.
   *
   * @throws NullPointerException if {@code futures} or an element is null
   */
  static <T extends AsyncFuture<?>> List<T> requireFutures(Collection<? extends T> futures) {
    Objects.requireNonNull(futures, "futures");
    List<T> list = new ArrayList<>(futures.size());
    for (T f : futures) {
      list.add(Objects.requireNonNull(f, "futures must not contain null"));
    }
    return list;
  }

  /**
   * Checks an optional timeout.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  static void requireTimeout(@Nullable Duration timeout) {
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("negative timeout: " + timeout);
    }
  }

  /**
   * The wait family's duplicate rule (Python's): {@code futures} without repeats of the same
   * object, in first-seen order; {@code futures} itself when there are none. The identity index
   * is an {@code int[]} of positions, not a map of references: nothing for the garbage collector
   * to trace.
   */
  static <F> List<F> distinct(List<F> futures) {
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
}
