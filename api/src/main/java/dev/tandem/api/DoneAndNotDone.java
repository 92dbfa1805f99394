package dev.tandem.api;

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
   * Copies both sets, keeping their order: each copy holds the elements its set iterates, in
   * that order, and reads no element's {@code hashCode()} until the first {@code contains} call
   * (so copying the sets of a wait over many futures stays cheap).
   *
   * @throws NullPointerException if a set or an element is null
   */
  public DoneAndNotDone {
    done = FrozenSet.copyOf(done, "done");
    notDone = FrozenSet.copyOf(notDone, "notDone");
  }
}
