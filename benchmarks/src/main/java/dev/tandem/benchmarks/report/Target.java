package dev.tandem.benchmarks.report;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The design targets of {@code docs/benchmarks.md}, in the page's order, each with what its row
 * says when it is not met: a short reason and the heading of the section of {@code
 * docs/benchmarks-analysis.md} that holds the profile behind it. The one place these reasons are
 * kept; {@link Report} judges the targets, this says why one may not be met.
 *
 * <p>A target whose heading is null is one whose measurement is exact (a retained size) or that
 * is met whenever its benchmark runs: a miss there is a change in the code, not something a
 * profile of this run explains. Immutable; any thread.
 */
enum Target {
  // The 0.1 targets (DESIGN.md, "Performance targets").
  LIFECYCLE_FASTEST(
      "Loop-future create + 1 callback + complete (on the loop thread) faster than every competitor",
      "the never-inline rule: each callback takes a ready-queue trip (a quarter of the profile)"
          + " that the inline competitors skip",
      Headings.PROFILES),
  CALL_SOON_VS_NETTY(
      "`callSoon` from the loop thread ≥ 2 × Netty `DefaultEventLoop.execute`",
      "a cold heap: the first pass over fresh eden adds about 25 ns per `callSoon` (page faults)",
      Headings.HARNESS),
  THREADSAFE_ONE(
      "`callSoonThreadsafe` from one other thread ≥ 1 × Netty `execute`",
      "a hand-off between threads: whether the loop falls asleep during a batch, so that"
          + " submissions pay for waking it (a fifth of the profile), changes from one iteration"
          + " to the next",
      Headings.THREADSAFE),
  THREADSAFE_TWO(
      "`callSoonThreadsafe` from two other threads ≥ 1 × Netty `execute`",
      "a hand-off between threads: two submitters and the loop are three running threads on two"
          + " cores, so the scheduler sets the score and the errors (Netty's too)",
      Headings.THREADSAFE),
  ADAPTERS(
      "Executor-future adapters and views ≤ 1.15 × the raw `CompletableFuture` / `ListenableFuture`, every row of family 4",
      "each adapter adds an object, its own ordered, removable callback list and a stack-safety"
          + " counter that the raw future does without",
      Headings.FROM_CF_LISTEN),
  RETAINED_VS_NETTY(
      "A pending loop future with one callback retains ≤ bytes of Netty's `DefaultPromise` with one listener",
      "an exact count (JOL): a miss is a field or node added per future, not noise",
      null),
  HOLD_MILLION(
      "One loop holds 1,000,000 pending futures",
      "met whenever its benchmark runs to the end",
      null),
  SCALE_GATHER(
      "`gather` over N futures is O(N): time at 100k ≤ 12 × time at 10k",
      "linear work, about 10× in earlier runs; each operation at 100k allocates megabytes, so"
          + " the machine's spread (and, before pre-touch, first-touch page faults) widens the bar",
      Headings.SCALE),
  SCALE_WAIT(
      "`wait` over N futures is O(N): time at 100k ≤ 12 × time at 10k",
      "linear work, about 10× in earlier runs; each operation at 100k allocates megabytes, so"
          + " the machine's spread (and, before pre-touch, first-touch page faults) widens the bar",
      Headings.SCALE),
  SCALE_AS_COMPLETED(
      "`asCompleted` over N futures is O(N): time at 100k ≤ 12 × time at 10k",
      "linear work, about 10× in earlier runs; each operation at 100k allocates megabytes, so"
          + " the machine's spread (and, before pre-touch, first-touch page faults) widens the bar",
      Headings.SCALE),

  // The targets round 2 added (DESIGN.md).
  CHAIN3_LOOP(
      "Composition: a three-step loop-future chain faster than every competitor's",
      "the never-inline rule: three steps are four ready-queue trips, where `CompletableFuture`"
          + " runs the chain inline in one call",
      Headings.PROFILES),
  CHAIN3_EXECUTOR(
      "Composition: the executor-future chain ≤ `CompletableFuture.thenApply` ×3",
      "the stack-safety nesting counter (a `ThreadLocal`) and one compare-and-set more per step"
          + " than `CompletableFuture`",
      Headings.PROFILES),
  SETTABLE_VS_GUAVA(
      "Settable executor future: create + 1 callback + complete ≤ Guava `SettableFuture`",
      "one atomic operation fewer than Guava, paid back by a stack-safety trampoline (a"
          + " `ThreadLocal` and a deque, a quarter of the profile) that Guava does without",
      Headings.SETTABLE),
  SETTABLE_RETAINED(
      "Settable executor future: retained bytes with one callback ≤ Guava `SettableFuture` with one listener",
      "an exact count (JOL): a miss is a field or node added per future, not noise",
      null),
  SETTABLE_PING_PONG(
      "Settable executor future: ping-pong between two threads ≤ `CompletableFuture`",
      "thread wake-ups: parking and unparking are about nine tenths of both threads' samples, for"
          + " every competitor alike",
      Headings.PING_PONG),
  CONTEXT(
      "Context propagation on (one `ThreadLocal`) ≤ 2 × the off cost per callback",
      "a `ThreadLocal` read where the callback is registered and one where it runs, a 24 B"
          + " wrapper per done callback and a loop future's creation capture, beside a 20–35 ns"
          + " lifecycle; in three forks per pair the future rows measure about 2×, with bars"
          + " that cross it",
      Headings.CONTEXT),
  WATCHDOG_CALL_SOON(
      "The watchdog (on by default) costs nothing measurable: `callSoon` with it on within noise of off",
      "on and off run the same per-callback code and the checker took no profile sample; one"
          + " fork each, and four forks of the same code spread wider than the difference",
      Headings.WATCHDOG),
  WATCHDOG_LIFECYCLE(
      "The watchdog (on by default) costs nothing measurable: `lifecycle` with it on within noise of off",
      "on and off run the same per-callback code and the checker took no profile sample; one"
          + " fork each, and four forks of the same code spread wider than the difference",
      Headings.WATCHDOG),
  HOSTED_LIFECYCLE(
      "Hosted on Netty: loop-future lifecycle at least as fast as Netty's `DefaultPromise` on the same `EventLoop`",
      "the never-inline rule plus two host-thread checks (`inEventLoop`), where Netty's own"
          + " listener runs inline",
      Headings.PROFILES),
  HOSTED_CALL_SOON(
      "Hosted on Netty: `callSoon` at least as fast as Netty's `execute` on the same `EventLoop`",
      "the same per-callback work as on Tandem's own loop, where a cold heap adds about 25 ns per"
          + " `callSoon`",
      Headings.HARNESS),

  // The targets of issue 18 (performance, second round).
  EIGHT_CALLBACKS(
      "Eight callbacks on one loop future ≤ Guava `SettableFuture` with eight direct-executor listeners, and ≤ every other competitor",
      "each registration pays the loop-thread check and a list append and the callbacks run from"
          + " the queue, where Guava's are inline compare-and-sets",
      Headings.PROFILES),
  EIGHT_CALLBACKS_ALLOCATION(
      "Eight callbacks on one loop future: bytes allocated per operation ≤ Netty's",
      "the callback list and its growth: a miss is an allocation added in the code, not noise",
      Headings.PROFILES),
  CALL_SOON_20NS(
      "`callSoon` from the loop thread ≤ 20 ns per callback (the loop driven by the JMH thread)",
      "no one rule: the cancellable handle, a queue slot, the thread check and the operability"
          + " counters, a few per cent each; the thread-safe claim's atomic is about 2 ns of it",
      Headings.CALL_SOON_CLAIM),
  CALL_SOON_20NS_HARNESS(
      "`callSoon` from the loop thread ≤ 20 ns per callback (a user's harness: the loop on its own thread, a fence submitted with `callSoonThreadsafe`)",
      "the same per-callback work as the row above (the harness adds none), and a cold heap adds"
          + " about 25 ns",
      Headings.HARNESS),
  LIFECYCLE_HALF(
      "Loop-future lifecycle (create + 1 callback + complete, on the loop) ≤ 0.5 × the fastest competitor",
      "the never-inline rule: half of Netty's inline `DefaultPromise` is below the cost of the"
          + " ready-queue trip alone",
      Headings.PROFILES),
  WAIT_PARITY(
      "Parity or better: loop-side `wait` over 100k futures ≤ Guava `whenAllComplete`",
      "the never-inline rule: writing the done callbacks into the ready queue and running them"
          + " from it later is 44% of Tandem's profile; Guava's listeners run inline",
      Headings.SCALE),
  AS_COMPLETED_PARITY(
      "Parity or better: as-completed over 100k futures ≤ Guava `inCompletionOrder`",
      "the same ready-queue trip as `wait`; level with Guava in a run without first-touch page"
          + " faults",
      Headings.SCALE),
  AWAIT_DONE(
      "Parity or better: `await` on a done executor future from a coroutine ≤ kotlinx's `CompletableFuture.await`",
      "one `isDone` re-check and one interface call more than kotlinx's path: about 1.7 ns of"
          + " CPU time per `await`",
      Headings.AWAIT),
  PING_PONG(
      "Parity or better: the executor-future ping-pong (loop hand-off, wait on an executor future) ≤ `CompletableFuture`",
      "thread wake-ups: parking and unparking are about nine tenths of both threads' samples, for"
          + " every competitor alike",
      Headings.PING_PONG);

  /** The file the headings are in, relative to {@code docs/benchmarks.md}. */
  static final String ANALYSIS = "benchmarks-analysis.md";

  /** The headings of {@link #ANALYSIS} that the targets link to, as written there. */
  static final class Headings {
    static final String PROFILES = "Profiles of the rows that stay missed";
    static final String HARNESS =
        "`callSoon` in a user's harness: 17 ns in family 3, about 38 ns in a separate harness";
    static final String THREADSAFE =
        "Cross-thread submission: `callSoonThreadsafe` against Netty's `execute`";
    static final String FROM_CF_LISTEN = "`fromCfListen` (target ≤ 1.15× raw)";
    static final String SETTABLE = "The settable executor future against Guava's `SettableFuture`";
    static final String PING_PONG = "Ping-pong between two threads: parking and waking";
    static final String CONTEXT = "Context propagation: what a callback pays";
    static final String WATCHDOG = "The watchdog on and off: the same per-callback code";
    static final String AWAIT =
        "`await` on a done future (parity with kotlinx's `CompletableFuture.await`)";
    static final String CALL_SOON_CLAIM = "`callSoon` from the loop thread: the claim's compare-and-set";
    static final String SCALE = "Scale at 100k: what a `wait` over 100,000 futures spends";

    private Headings() {}
  }

  private final String text;
  private final String reason;
  private final @Nullable String heading;

  Target(String text, String reason, @Nullable String heading) {
    this.text = text;
    this.reason = reason;
    this.heading = heading;
  }

  /** The target as the page states it. */
  String text() {
    return text;
  }

  /** Why the target may not be met: one plain clause. */
  String reason() {
    return reason;
  }

  /** The heading in {@link #ANALYSIS} of the section behind {@link #reason()}, if there is one. */
  @Nullable String heading() {
    return heading;
  }

  /** The watchdog target of a {@code WatchdogCostBenchmark} variant. */
  static Target watchdog(String variant) {
    return switch (variant) {
      case "callSoon" -> WATCHDOG_CALL_SOON;
      case "lifecycle" -> WATCHDOG_LIFECYCLE;
      default -> throw new IllegalArgumentException("no watchdog target for variant " + variant);
    };
  }

  /** The O(N) target of a {@code ScaleBenchmark} variant. */
  static Target scale(String variant) {
    return switch (variant) {
      case "gather" -> SCALE_GATHER;
      case "wait" -> SCALE_WAIT;
      case "asCompleted" -> SCALE_AS_COMPLETED;
      default -> throw new IllegalArgumentException("no scale target for variant " + variant);
    };
  }

  /**
   * What the target's row says in its "why not" column for {@code status}: nothing when it is met,
   * that its benchmark did not run when it is not measured, else {@link #reason()} with a link to
   * its section of {@link #ANALYSIS} when it has one.
   */
  String whyNot(Report.Status status) {
    Objects.requireNonNull(status, "status");
    return switch (status) {
      case MET -> "";
      case NOT_MEASURED -> "its benchmark did not run";
      case MISSED, INCONCLUSIVE -> heading == null
          ? reason
          : reason + " ([analysis](" + ANALYSIS + "#" + anchor(heading) + "))";
    };
  }

  /**
   * The anchor GitHub gives a markdown heading: lower-case, each space a hyphen, and every
   * character dropped that is neither a letter, a digit, a mark, a hyphen nor an underscore (so
   * backticks, punctuation and symbols such as ≤ and × go, and two spaces around a dropped
   * symbol leave two hyphens).
   */
  static String anchor(String heading) {
    Objects.requireNonNull(heading, "heading");
    StringBuilder a = new StringBuilder(heading.length());
    heading.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
      if (c == ' ') {
        a.append('-');
      } else if (c == '-' || c == '_' || Character.isLetterOrDigit(c) || isMark(c)) {
        a.appendCodePoint(c);
      }
    });
    return a.toString();
  }

  private static boolean isMark(int c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }
}
