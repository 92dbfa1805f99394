package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A time limit for work on an event loop, on the loop's clock: Python's {@code asyncio.timeout()}
 * and {@code timeout_at()} for loop futures.
 *
 * <!-- snippet:javadoc-loop-deadline (compiled by the samples module) -->
 * <pre>{@code
 * LoopFuture<String> page =
 *     LoopDeadline.within(loop, Duration.ofSeconds(2), deadline -> {
 *       LoopFuture<String> first = client.get("/first"); // a loop future of this loop
 *       deadline.reschedule(deadline.when() + Duration.ofSeconds(1).toNanos()); // one more second
 *       return LoopFutures.waitFor(loop, first, Duration.ofMinutes(1)); // 3 s at most
 *     });
 * }</pre>
 *
 * <h2>What it does</h2>
 *
 * The body runs later on the loop thread, with the deadline as the current scope, and returns
 * the future of the work it began; the returned loop future completes like that future. When
 * the loop's clock ({@link EventLoop#time()}) reaches the deadline, it expires: it cancels what
 * runs inside it with a message naming it (the body's future, the groups opened in the body,
 * which cancel their children, and every {@link LoopFutures#waitFor} made in the body, which
 * therefore uses the earlier of its own timeout and the deadline). If the body's future then
 * ends cancelled, the returned future fails with a {@link TimeoutException}, caused by a {@link
 * CancelledException} with that message: at this boundary only. A cancellation from elsewhere
 * (the body's future cancelled by someone else, an enclosing group or deadline) stays a
 * cancellation, and a body's future that completes anyway, with a value or a failure, wins.
 *
 * <p>Deadlines nest: an inner deadline's body runs inside the outer one, so the outer expiry
 * cancels the inner work too; the inner result then ends cancelled with the outer message, and
 * only the outer boundary reports the timeout. A deadline that has passed already expires at the
 * loop's next timer check, right after the body began (asyncio's {@code timeout(0)}).
 *
 * <p>Cancelling the returned future cancels the body's future with the same message; being a
 * loop future, it is cancelled at once. A group or deadline of the same loop that has it as a
 * child cancels the work inside instead, and waits for it.
 *
 * <h2>Context</h2>
 *
 * The deadline is the current scope while the body runs; code it registers for later (a
 * callback, a combinator's function) runs outside it unless the loop propagates the context
 * (Tandem's context propagation composes this scope into what it carries), so open nested
 * groups, deadlines and waits in the body, or pass the deadline on explicitly.
 *
 * <h2>Threads</h2>
 *
 * Confined to its loop's thread like a loop future: {@code within}, {@code until} and {@link
 * #reschedule} from another thread while the loop runs throw {@link
 * dev.tandem.api.WrongThreadException}; {@link #when()} and {@link #expired()} may be read from
 * any thread. The expiry is a loop timer ({@link EventLoop#callAt}), so on a loop with a {@link
 * ManualClock} it fires when the test advances the clock.
 */
public final class LoopDeadline {

  private final FutureHost host;
  private final String label;
  private final LoopScope scope;
  private final Result<?> result;
  private volatile long when;
  private volatile boolean expired;
  private @Nullable Handle timer;
  private @Nullable AsyncFuture<?> work;
  private @Nullable AsyncFuture<?> decisive;
  private @Nullable Throwable thrownByBody;
  private boolean finished;
  private boolean completed;

  private LoopDeadline(FutureHost host, String label, long when) {
    this.host = host;
    this.label = label;
    this.when = when;
    this.result = Combinators.cancelOnClose(new Result<@Nullable Object>(host, this));
    this.scope = LoopScope.forDeadline(host, this);
  }

  /**
   * Runs {@code body} on {@code loop} with a deadline {@code timeout} from now on the loop's
   * clock (Python's {@code asyncio.timeout(delay)}).
   *
   * @return a loop future of {@code loop} that completes like the body's future, or fails with
   *     {@link TimeoutException} when the deadline cancelled it
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws RejectedExecutionException if the loop is closed
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <T extends @Nullable Object> LoopFuture<T> within(
      EventLoop loop, Duration timeout, Body<T> body) {
    FutureHost host = Combinators.host(loop);
    Objects.requireNonNull(timeout, "timeout");
    Combinators.requireTimeout(timeout);
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE;
    }
    long now = loop.time();
    long deadline = now + nanos < now ? now + Long.MAX_VALUE : now + nanos;
    return start(host, "within " + describe(nanos), deadline, body);
  }

  /**
   * Runs {@code body} on {@code loop} with a deadline at {@code deadlineNanos} on the loop's
   * clock ({@link EventLoop#time()}; Python's {@code asyncio.timeout_at(when)}).
   *
   * @return see {@link #within}
   * @throws NullPointerException if an argument is null
   * @throws RejectedExecutionException if the loop is closed
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <T extends @Nullable Object> LoopFuture<T> until(
      EventLoop loop, long deadlineNanos, Body<T> body) {
    FutureHost host = Combinators.host(loop);
    return start(host, "until loop time " + deadlineNanos, deadlineNanos, body);
  }

  /** The work a loop deadline limits. */
  @FunctionalInterface
  public interface Body<T extends @Nullable Object> {
    /**
     * Begins the work, on the loop thread, inside {@code deadline}, and returns its future. What
     * it throws fails the result (a {@link CancellationException} cancels it).
     */
    AsyncFuture<T> start(LoopDeadline deadline) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static <T extends @Nullable Object> LoopFuture<T> start(
      FutureHost host, String label, long when, Body<T> body) {
    Objects.requireNonNull(body, "body");
    host.checkThread("LoopDeadline");
    EventLoop loop = host.eventLoop();
    if (loop.isClosed()) {
      throw new RejectedExecutionException("cannot start a deadline on " + loop + ": it is closed");
    }
    LoopDeadline deadline = new LoopDeadline(host, label, when);
    if (deadline.scope.cancellation() == null) {
      deadline.timer = loop.callAt(when, deadline::expire);
    }
    loop.callSoon(() -> deadline.runBody(body));
    return (LoopFuture<T>) deadline.result;
  }

  /** The deadline, on the loop's clock ({@link EventLoop#time()}). Any thread. */
  public long when() {
    return when;
  }

  /**
   * Moves the deadline to {@code deadlineNanos} on the loop's clock, earlier or later (Python's
   * {@code reschedule}); one that has passed expires at the loop's next timer check.
   *
   * @throws IllegalStateException if the deadline has expired, or its work has ended
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public void reschedule(long deadlineNanos) {
    host.checkThread("LoopDeadline.reschedule");
    if (expired) {
      throw new IllegalStateException(this + " has expired; it cannot be moved any more");
    }
    if (finished) {
      throw new IllegalStateException(this + " is finished; a deadline can be moved only while its work runs");
    }
    when = deadlineNanos;
    Handle t = timer;
    if (t != null) {
      t.cancel();
      timer = host.eventLoop().callAt(deadlineNanos, this::expire);
    }
  }

  /** Whether the deadline expired while its work was running. Any thread. */
  public boolean expired() {
    return expired;
  }

  private void expire() {
    assert host.inLoopThread();
    if (finished || expired) {
      return;
    }
    if (scope.cancellation() == null) {
      expired = true;
      scope.cancel(new LoopScope.Cancellation(scope, expiryMessage()));
    }
  }

  private String expiryMessage() {
    return "the deadline (" + label + ") expired";
  }

  private <T extends @Nullable Object> void runBody(Body<T> body) {
    assert host.inLoopThread();
    if (result.isDone() || scope.cancellation() != null) {
      finish(null); // cancelled before the body was due: it never runs
      return;
    }
    AsyncFuture<T> started;
    try {
      started = Objects.requireNonNull(scope.runInside(() -> body.start(this)), "the body returned null, not a future");
    } catch (Throwable thrown) {
      finishWithThrown(thrown);
      return;
    }
    work = started;
    LoopScope.whenDone(host, started, this::finish);
  }

  /** The scope was cancelled (this deadline's expiry or an enclosing cancellation). */
  void onScopeCancelled(LoopScope.Cancellation why) {
    if (!expired && !finished && host.eventLoop().time() - when >= 0) {
      expired = true; // it has passed too, though an enclosing cancellation came first
    }
    Handle t = timer;
    if (t != null) {
      t.cancel();
    }
    AsyncFuture<?> w = work;
    if (w != null) {
      LoopScope.cancelChild(w, why);
    }
  }

  private void finishWithThrown(Throwable thrown) {
    thrownByBody = thrown;
    finish(null);
  }

  /**
   * The body's future is done ({@code done}), can never complete (null, its loop closed), or
   * the body never ran (null): the result is decided once the groups and deadlines opened
   * inside have completed too.
   */
  private void finish(@Nullable AsyncFuture<?> done) {
    assert host.inLoopThread();
    if (finished) {
      return;
    }
    finished = true;
    decisive = done;
    Handle t = timer;
    if (t != null) {
      t.cancel();
    }
    completeIfDone();
  }

  /** A group or deadline opened inside has completed. */
  void onNestedScopeExited() {
    if (finished) {
      completeIfDone();
    }
  }

  private void completeIfDone() {
    if (completed || scope.hasOpenChildren()) {
      return;
    }
    completed = true;
    scope.exit();
    AsyncFuture<?> done = decisive;
    if (result.isDone()) {
      if (done != null) {
        Combinators.markRetrieved(done);
      }
      return;
    }
    Throwable thrown = thrownByBody;
    if (thrown != null) {
      if (thrown instanceof CancellationException cancelled) {
        complete(cancelled.getMessage());
      } else {
        result.fail(thrown);
      }
      return;
    }
    if (done != null && !LoopScope.endedCancelled(done)) {
      copy(done);
      return;
    }
    LoopScope.Cancellation why = scope.cancellation();
    String message =
        done != null ? LoopScope.cancelMessageOf(done) : why != null ? why.message() : DefaultEventLoop.CLOSED_MESSAGE;
    complete(message);
  }

  /**
   * The work ended cancelled: a timeout if this deadline's own expiry did it, which the message
   * tells (the expiry cancels with its own message; a cancellation from elsewhere that arrived
   * just before it has another).
   */
  private void complete(@Nullable String message) {
    if (scope.cancelledByItself() && expired && Objects.equals(message, expiryMessage())) {
      TimeoutException timedOut =
          new TimeoutException(expiryMessage() + " before the work inside it finished");
      timedOut.initCause(new CancelledException(message));
      result.fail(timedOut);
    } else {
      result.cancelFromScope(message);
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends @Nullable Object> void copy(AsyncFuture<?> done) {
    AdoptedFuture.copyOutcome((AsyncFuture<T>) done, (Result<T>) result);
  }

  private static String describe(long nanos) {
    return nanos % 1_000_000 == 0 ? (nanos / 1_000_000) + " ms" : nanos + " ns";
  }

  /**
   * {@code LoopDeadline[within 2000 ms, active, when=…]}, {@code expired} or {@code finished};
   * {@code when} is on the loop's clock.
   */
  @Override
  public String toString() {
    String state = expired ? "expired" : finished ? "finished" : "active";
    return "LoopDeadline[" + label + ", " + state + ", when=" + when + "]";
  }

  /** The future {@code within} and {@code until} return; cancelling it cancels the work. */
  private static final class Result<T extends @Nullable Object> extends LoopScope.ScopeFuture<T> {
    private final LoopDeadline deadline;

    Result(FutureHost host, LoopDeadline deadline) {
      super(host);
      this.deadline = deadline;
    }

    @Override
    LoopScope scope() {
      return deadline.scope;
    }
  }
}
