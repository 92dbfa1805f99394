package dev.tandem.threads;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A time limit for a block of blocking code: Python's {@code asyncio.timeout()} and {@code
 * timeout_at()} for threads, on {@link System#nanoTime()}.
 *
 * <!-- snippet:javadoc-deadline (compiled by the samples module) -->
 * <pre>{@code
 * String page =
 *     Deadline.within(Duration.ofSeconds(2), deadline -> {
 *       ExecutorFuture<String> first = pool.submit(() -> fetch("/first"));
 *       deadline.reschedule(deadline.when() + Duration.ofSeconds(1).toNanos()); // one more second
 *       return first.result(Duration.ofMinutes(1)); // waits 3 s at most: the earlier limit wins
 *     });
 * }</pre>
 *
 * <h2>What it does</h2>
 *
 * The block runs on the calling thread with the deadline as its enclosing scope. Tandem's
 * blocking waits inside it ({@code result(Duration)}, {@code exception(Duration)}, {@code get},
 * {@link FutureWaits}, {@link TaskGroup#close()}) wait no longer than the earlier of their own
 * timeout and the deadline; so do those of the children of a {@link TaskGroup} opened inside, on
 * whatever thread they run. When the deadline passes, it expires: it cancels what runs inside
 * it with a message naming it (the groups opened inside cancel their children; the waits end
 * with a {@link dev.tandem.api.CancelledException} carrying that message), and at the block's
 * boundary, only there, that cancellation becomes a {@link TimeoutException} (caused by it): the
 * cancellation a wait threw for the expiry, or one with the deadline's message from a future the
 * expiry cancelled (a child of a group inside, read by the block).
 * A cancellation that came from elsewhere (an enclosing deadline, a group's shutdown, a
 * cancelled future) passes the boundary as it is; so does any other exception, and a value the
 * block returns is returned even if the deadline expired meanwhile.
 *
 * <p>There is no timer thread: the deadline expires when a wait inside notices that it has
 * passed (a wait blocked inside wakes at the deadline to do so), or when {@link #expired()} is
 * read. Code that blocks without Tandem's waits (a plain {@code Thread.sleep}, a foreign
 * future's {@code get}) is not cut short, as asyncio cannot interrupt a coroutine that does not
 * await; CPU-bound code calls {@link TaskGroup#ensureActive()} between steps.
 *
 * <p>Deadlines nest: the earliest one in effect limits a wait; when several have passed, the
 * outermost one's cancellation is thrown, so only the outermost boundary turns it into a {@code
 * TimeoutException} and the inner ones let it pass.
 *
 * <h2>Context</h2>
 *
 * The deadline is the calling thread's current scope while the block runs, and reaches other
 * threads through the children of groups opened inside. Work handed to a pool or a loop
 * directly does not see it unless the loop or executor propagates the context (Tandem's
 * context propagation composes this scope into what it carries); otherwise pass the deadline
 * on explicitly, for instance as {@link #when()}.
 *
 * <h2>Threads</h2>
 *
 * {@link #when()}, {@link #expired()} and {@link #reschedule(long)} may be called from any
 * thread; a reschedule wakes the waits inside, which then wait as long as the new deadline
 * allows. The block itself blocks its thread like the waits in it; on an event loop's thread
 * those waits fail fast as everywhere (the deadlock guard).
 */
public final class Deadline {

  private final String label;
  private final CancelScope scope;

  private Deadline(String label, long when) {
    this.label = label;
    this.scope = CancelScope.forDeadline(this, when);
  }

  /**
   * Runs {@code body} with a deadline {@code timeout} from now (Python's {@code
   * asyncio.timeout(delay)}).
   *
   * @return what {@code body} returns
   * @throws TimeoutException if the deadline expired and its cancellation ended the block
   * @throws E what {@code body} throws otherwise
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object, E extends Exception> T within(
      Duration timeout, Body<T, E> body) throws E, TimeoutException {
    long nanos = Blocking.toNanos(timeout);
    Objects.requireNonNull(body, "body");
    long now = System.nanoTime();
    long when = now + nanos;
    if (when - now < 0) {
      when = now + Long.MAX_VALUE; // saturated: as far away as nanoTime can express
    }
    return new Deadline("within " + Blocking.describe(nanos), when).run(body);
  }

  /**
   * Runs {@code body} with a deadline at {@code deadlineNanos} on {@link System#nanoTime()}'s
   * clock (Python's {@code asyncio.timeout_at(when)}); one in the past expires at the first wait.
   *
   * @return what {@code body} returns
   * @throws TimeoutException if the deadline expired and its cancellation ended the block
   * @throws E what {@code body} throws otherwise
   * @throws NullPointerException if {@code body} is null
   */
  public static <T extends @Nullable Object, E extends Exception> T until(
      long deadlineNanos, Body<T, E> body) throws E, TimeoutException {
    Objects.requireNonNull(body, "body");
    return new Deadline("until nanoTime " + deadlineNanos, deadlineNanos).run(body);
  }

  /** The block a deadline limits. */
  @FunctionalInterface
  public interface Body<T extends @Nullable Object, E extends Exception> {
    /** Runs on the calling thread, inside {@code deadline}. */
    T run(Deadline deadline) throws E;
  }

  /** The deadline, as a {@link System#nanoTime()} value. */
  public long when() {
    return scope.deadline();
  }

  /**
   * Moves the deadline to {@code deadlineNanos} on {@link System#nanoTime()}'s clock, earlier or
   * later (Python's {@code reschedule}); one in the past expires at the next wait.
   *
   * @throws IllegalStateException if the deadline has expired, or its block has ended
   */
  public void reschedule(long deadlineNanos) {
    scope.reschedule(deadlineNanos, this);
  }

  /**
   * Whether the deadline has expired: it passed while the block was running (reading this
   * expires it, if it has passed unnoticed). False for a deadline whose block ended first.
   */
  public boolean expired() {
    return scope.expireIfPassed(System.nanoTime());
  }

  /**
   * Whether {@code cancelled} is this deadline's own expiry: thrown by a wait as this scope's
   * cancellation, or, after this deadline expired, carrying its message (a future it cancelled,
   * such as a child of a group inside, read by the block). Any other cancellation came from
   * elsewhere and stays a cancellation.
   */
  private boolean isOwnExpiry(CancellationException cancelled) {
    if (ScopeCancellation.isOf(cancelled, scope)) {
      return true;
    }
    CancelScope.Cancellation why = scope.cancellation();
    return why != null
        && why.origin() == scope
        && !(cancelled instanceof ScopeCancellation)
        && Objects.equals(cancelled.getMessage(), why.message());
  }

  /** The message of this deadline's cancellation; it names the deadline. */
  String expiryMessage() {
    return "the deadline (" + label + ") expired";
  }

  private <T extends @Nullable Object, E extends Exception> T run(Body<T, E> body)
      throws E, TimeoutException {
    CancelScope outer = CancelScope.CURRENT.get();
    CancelScope.setCurrent(scope);
    try {
      return body.run(this);
    } catch (CancellationException cancelled) {
      if (isOwnExpiry(cancelled)) {
        TimeoutException timedOut =
            new TimeoutException(expiryMessage() + " before the block inside it finished");
        timedOut.initCause(cancelled);
        throw timedOut;
      }
      throw cancelled;
    } finally {
      scope.exit();
      CancelScope.setCurrent(outer);
    }
  }

  /**
   * {@code Deadline[within 2 s, active, when=…]}, {@code expired} or {@code finished}; {@code
   * when} is a {@link System#nanoTime()} value.
   */
  @Override
  public String toString() {
    CancelScope.Cancellation why = scope.cancellation();
    String state =
        why != null && why.origin() == scope ? "expired" : scope.isExited() ? "finished" : "active";
    return "Deadline[" + label + ", " + state + ", when=" + when() + "]";
  }
}
