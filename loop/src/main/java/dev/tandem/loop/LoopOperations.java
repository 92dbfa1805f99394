package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Operating a loop made by {@link EventLoops}: its health, its exception handler while it runs,
 * a graceful shutdown, names for its futures and a dump of what it waits for. The blocked-loop
 * watchdog is configured on the {@linkplain EventLoopBuilder#blockedThreshold builder}. See
 * {@code docs/operating.md} for the whole picture.
 *
 * <!-- snippet:javadoc-loop-operations (compiled by the samples module) -->
 * <pre>{@code
 * EventLoop loop = EventLoops.builder().blockedThreshold(Duration.ofSeconds(1)).build();
 * LoopOperations.setExceptionHandler(loop, (l, report) -> System.err.println(report));
 * LoopFuture<String> user = LoopOperations.named(loop.createFuture(), "load-user");
 * LoopHealth health = LoopOperations.health(loop);   // any thread
 * LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Every method takes a loop built by {@link EventLoops} (or a future of one) and throws
 * {@link IllegalArgumentException} for any other {@link EventLoop}.
 */
public final class LoopOperations {
  private LoopOperations() {}

  /**
   * A snapshot of the loop's counters, queue depths and lag; callable from any thread, at any
   * time, also on a closed loop. Approximate while the loop runs: see {@link LoopHealth}.
   *
   * @throws NullPointerException if {@code loop} is null
   * @throws IllegalArgumentException if {@code loop} is not an own loop of {@link EventLoops} (a
   *     hosted loop is not)
   */
  public static LoopHealth health(EventLoop loop) {
    return own(loop).health();
  }

  /**
   * The loop's exception handler now (asyncio's {@code get_exception_handler}); any thread.
   *
   * @throws NullPointerException if {@code loop} is null
   * @throws IllegalArgumentException if {@code loop} is not an own loop of {@link EventLoops} (a
   *     hosted loop is not)
   */
  public static LoopExceptionHandler exceptionHandler(EventLoop loop) {
    return own(loop).exceptionHandler();
  }

  /**
   * Replaces the loop's exception handler (asyncio's {@code set_exception_handler}); callable
   * from any thread, also while the loop runs. Each report goes to exactly one handler: a report
   * being made while the handler is replaced goes to the old one or to the new one, and every
   * report begun after this method returned goes to the new one (or a later one). Pass {@link
   * LoopExceptionHandler#logging()} to go back to the default.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code loop} is not an own loop of {@link EventLoops} (a
   *     hosted loop is not)
   */
  public static void setExceptionHandler(EventLoop loop, LoopExceptionHandler handler) {
    Objects.requireNonNull(handler, "handler");
    own(loop).setExceptionHandler(handler);
  }

  /**
   * Hands {@code context} to the loop's exception handler now, on the calling thread (asyncio's
   * {@code call_exception_handler}): for library code that has something to report and nobody
   * to tell. Callable from any thread, on a running, idle or closed loop; make the context with
   * {@link LoopErrorContext#of}. An exception thrown by the handler is logged, not propagated.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code loop} is not an own loop of {@link EventLoops} (a
   *     hosted loop is not)
   */
  public static void callExceptionHandler(EventLoop loop, LoopErrorContext context) {
    Objects.requireNonNull(context, "context");
    own(loop).report(context);
  }

  /**
   * Shuts the loop down gracefully, on the calling thread, and closes it (asyncio's {@code
   * Runner.close()}):
   *
   * <ol>
   *   <li>other threads can no longer submit: {@code callSoonThreadsafe}, {@code execute} and
   *       {@code callLater}/{@code callAt} from another thread throw {@link
   *       java.util.concurrent.RejectedExecutionException}; work they submitted before still
   *       runs;
   *   <li>every pending future the loop owns (results of {@code runInExecutor}, adopted views,
   *       coroutine tasks of {@code tandem-interop}, combinator results, {@link
   *       LoopFutures#cancelOnClose} registrations) is cancelled with the message {@code "event
   *       loop shutting down"}; a future registered during the shutdown is cancelled at once;
   *   <li>the loop runs on the calling thread, so cancellation callbacks, the callbacks they
   *       schedule and coroutines' {@code finally} blocks execute, until no callback is queued,
   *       no timer is due before the deadline and no timer scheduled during the shutdown is left
   *       (work still going, such as a coroutine's {@code delay} in a {@code finally}), or until
   *       the {@code deadline} (on the loop's clock) passes;
   *   <li>what is left (callbacks still queued, timers due before the deadline, and in debug
   *       mode every pending future with its name and creation site) is reported to the
   *       exception handler as one {@link LoopErrorContext.Kind#SHUTDOWN_INCOMPLETE} report
   *       listing it;
   *   <li>the loop is {@linkplain EventLoop#close() closed}, which cancels what is left.
   * </ol>
   *
   * <p>A callback that never returns keeps this call from returning, as it would keep the loop
   * from running; the watchdog reports it. Timers scheduled before the shutdown and due after
   * the deadline (a heartbeat, a far timeout) are not waited for; closing cancels them. On a
   * closed loop this returns true at once.
   *
   * @return true if nothing was left (no report was made)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code deadline} is negative, or {@code loop} is not from
   *     {@link EventLoops}
   * @throws IllegalStateException if the loop is running (stop it first; from a background
   *     thread use {@link BackgroundLoop#shutdown}), or another loop runs on this thread
   */
  public static boolean shutdownGracefully(EventLoop loop, Duration deadline) {
    return GracefulShutdown.run(own(loop), deadline);
  }

  /**
   * Names {@code future} (asyncio's {@code Task.set_name}): the name appears in its {@code
   * toString()} ({@code LoopFuture@1b6d3586[status=PENDING, name=load-user]}), in reports about it
   * and in {@link #pendingFutures}. Naming again replaces the name. Costs a small object per named
   * future, nothing for the others. A mutating call, so loop thread only while the loop runs.
   *
   * @return {@code future}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code future} is not a loop future made by Tandem's loop
   *     module
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static <F extends LoopFuture<?>> F named(F future, String name) {
    Objects.requireNonNull(name, "name");
    ownFuture(future).setName(name);
    return future;
  }

  /**
   * The name given with {@link #named}, or null; read it on the loop thread (or while the loop
   * is not running).
   *
   * @throws NullPointerException if {@code future} is null
   * @throws IllegalArgumentException if {@code future} is not a loop future made by Tandem's loop
   *     module
   */
  public static @Nullable String nameOf(LoopFuture<?> future) {
    return ownFuture(future).name();
  }

  /**
   * What the loop is waiting for (asyncio's {@code all_tasks}): its pending futures, in creation
   * order, with their names and, in debug mode, where they were created. In debug mode ({@link
   * EventLoopBuilder#debug}) this is every pending future created on the loop (kept in a weak
   * registry that only debug mode pays for); in normal mode only the pending futures the loop
   * owns (results of {@code runInExecutor}, views, coroutine tasks, combinator results,
   * {@code cancelOnClose} registrations), without creation sites. A snapshot: the list does not
   * change afterwards.
   *
   * @throws NullPointerException if {@code loop} is null
   * @throws IllegalArgumentException if {@code loop} is not an own loop of {@link EventLoops} (a
   *     hosted loop is not)
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs (post
   *     the call with {@code callSoonThreadsafe})
   */
  public static List<PendingFuture> pendingFutures(EventLoop loop) {
    return List.copyOf(own(loop).pendingFutures());
  }

  private static DefaultEventLoop own(EventLoop loop) {
    Objects.requireNonNull(loop, "loop");
    if (loop instanceof DefaultEventLoop own) {
      return own;
    }
    throw new IllegalArgumentException(
        loop
            + " is not a loop on a thread of its own built by EventLoops (newEventLoop, builder,"
            + " startBackgroundLoop); hosted and foreign loops have no watchdog, health or"
            + " graceful shutdown");
  }

  private static DefaultLoopFuture<?> ownFuture(LoopFuture<?> future) {
    Objects.requireNonNull(future, "future");
    if (future instanceof DefaultLoopFuture<?> own) {
      return own;
    }
    throw new IllegalArgumentException(future + " is not a loop future of Tandem's loop module");
  }
}
