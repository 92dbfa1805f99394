package dev.tandem.api;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The outcome of a group wait (Python's {@code concurrent.futures.wait} and {@code
 * asyncio.wait}, which both return a {@code (done, not_done)} pair): the futures that were done
 * when the wait ended and those that were not, each in the order of the input, a future given
 * twice counted once. Both sets are unmodifiable. The thread-side wait ({@code
 * dev.tandem.threads.FutureWaits.wait}) and the loop-side one ({@code
 * dev.tandem.loop.LoopFutures.wait}) return this same type.
 *
 * @param done the futures done when the wait ended
 * @param notDone the futures not done when the wait ended
 * @param <F> the type of the futures
 */
public record DoneAndNotDone<F extends AsyncFuture<?>>(Set<F> done, Set<F> notDone) {
  /**
   * Copies both sets, keeping their order.
   *
   * @throws NullPointerException if a set or an element is null
   */
  public DoneAndNotDone {
    done = Collections.unmodifiableSet(copy(done, "done"));
    notDone = Collections.unmodifiableSet(copy(notDone, "notDone"));
  }

  private static <F> Set<F> copy(Set<F> set, String name) {
    if (set == null) {
      throw new NullPointerException(name);
    }
    Set<F> copy = new LinkedHashSet<>(set.size() * 2);
    for (F f : set) {
      if (f == null) {
        throw new NullPointerException("an element of " + name);
      }
      copy.add(f);
    }
    return copy;
  }
}
