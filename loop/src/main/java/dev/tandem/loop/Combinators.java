package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 *       #requireTimeout};
 *   <li><b>adopts every input</b>: {@link #adoptInput} gives a loop future of the combinator's
 *       loop for any input, so everything after it works with one loop's futures on one thread
 *       (the wait family, which counts a future given twice once, as Python does, adopts and
 *       registers through {@link #adoptDistinct});
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
   * {@code futures} as a random-access list, in order, checked for nulls before anything is
   * registered (so a null leaves no input holding a callback). An {@code ArrayList} or a list from
   * {@code List.of} or {@code Arrays.asList} is used as it is, checked in one read-only pass: a
   * combinator reads it only while it starts, on this thread, and keeps none of it. Any other
   * collection is copied first, since a concurrent or lazy one might change between the check and
   * the use. At 100,000 inputs the copy was an eighth of a {@code wait}'s time.
   *
   * @throws NullPointerException if {@code futures} or an element is null
   */
  @SuppressWarnings("unchecked")
  static <T extends AsyncFuture<?>> List<T> requireFutures(Collection<? extends T> futures) {
    Objects.requireNonNull(futures, "futures");
    if (PLAIN_LISTS.contains(futures.getClass())) {
      List<T> list = (List<T>) futures;
      for (int i = 0, n = list.size(); i < n; i++) {
        Objects.requireNonNull(list.get(i), "futures must not contain null");
      }
      return list;
    }
    List<T> list = new ArrayList<>(futures.size());
    for (T f : futures) {
      list.add(Objects.requireNonNull(f, "futures must not contain null"));
    }
    return list;
  }

  /** The list classes {@link #requireFutures} uses without a copy: plain, never concurrent. */
  private static final Set<Class<?>> PLAIN_LISTS =
      Set.copyOf(
          List.of(
              ArrayList.class,
              Arrays.asList().getClass(),
              List.of().getClass(),
              List.of(1).getClass(),
              List.of(1, 2, 3).getClass()));

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
   * The wait family's start, with its duplicate rule (Python's: a future given twice counts
   * once): adopts every input given for the first time, registers {@code callback} on its view,
   * and writes the input and its view to the next positions of {@code distinct} (unless null)
   * and {@code views} (each at least {@code futures.size()} long), in first-seen order. Returns
   * how many there were.
   *
   * <p>A pending loop future of this loop given again already holds {@code callback}, and
   * {@link LoopFuture#removeDoneCallback} says so (it is registered again at once): no identity
   * hash is read. A fresh one with no callback yet cannot hold it and takes it in one write
   * ({@link DefaultLoopFuture#addIfFirst}). Installing one in an object that has none is a call into the JVM, tens of
   * nanoseconds for each future, the costliest step of a wait over 100,000 fresh futures. Only
   * the other inputs (done ones, whose callback went to the loop's queue, and those of another
   * kind, which get a new view each time) go through an identity index, made at the first of
   * them: an {@code int[]} of positions, not a map of references, so nothing for the garbage
   * collector to trace.
   *
   * @param futures a random-access list without nulls
   */
  static <F extends AsyncFuture<?>> int adoptDistinct(
      FutureHost host,
      List<F> futures,
      Object @Nullable [] distinct,
      LoopFuture<?>[] views,
      Consumer<AsyncFuture<?>> callback) {
    EventLoop loop = host.eventLoop();
    int n = futures.size();
    int count = 0;
    int @Nullable [] others = null; // identity index of the other inputs: position + 1, 0 empty
    for (int i = 0; i < n; i++) {
      F f = futures.get(i);
      LoopFuture<?> view;
      if (f instanceof LoopFuture<?> own && own.loop() == loop && !own.isDone()) {
        if (!(own instanceof DefaultLoopFuture<?> fresh && fresh.addIfFirst(callback))) {
          if (own.removeDoneCallback(callback) != 0) {
            own.addDoneCallback(callback); // a repeat: its one registration stays
            continue;
          }
          own.addDoneCallback(callback);
        }
        view = own;
      } else {
        if (others == null) {
          others = new int[Integer.highestOneBit(n) << 2]; // a power of two, at least 2n
        }
        if (!addIfAbsent(others, futures, i)) {
          continue;
        }
        view = adoptInput(host, f);
        view.addDoneCallback(callback);
      }
      if (distinct != null) {
        distinct[count] = f;
      }
      views[count] = view;
      count++;
    }
    return count;
  }

  /** Adds position {@code i} of {@code futures} to {@code index} unless that object is there. */
  private static boolean addIfAbsent(int[] index, List<?> futures, int i) {
    Object f = futures.get(i);
    int mask = index.length - 1;
    int h = System.identityHashCode(f);
    int slot = (h ^ (h >>> 16)) & mask;
    for (int at; (at = index[slot]) != 0; slot = (slot + 1) & mask) {
      if (futures.get(at - 1) == f) {
        return false;
      }
    }
    index[slot] = i + 1;
    return true;
  }
}
