package dev.tandem.loop;

import java.time.Duration;

/**
 * A snapshot of one loop's health, from {@link LoopOperations#health}: how much it did, how much
 * is waiting, and how late work from other threads starts. Publish it with {@code
 * tandem-micrometer}'s {@code LoopMetrics}, or log it.
 *
 * <h2>Approximate, and cheap</h2>
 *
 * Most values are counters and sizes that only the loop thread writes, in plain fields, and
 * that the snapshot reads without synchronizing: taken from another thread while the loop runs,
 * each value is recent, and the values are not from one instant. Taking a snapshot never stops
 * or slows the loop. Its cost is the inbox count (it walks the inbox, up to {@value
 * #MAX_COUNTED_INBOX} nodes) and sorting the {@value LagWindow#WINDOW} recent lag samples.
 *
 * <h2>Loop lag</h2>
 *
 * Lag is the time from {@code callSoonThreadsafe} (or {@code execute}) to the callback starting
 * on the loop thread, on the loop's clock: how long work from other threads waits behind the
 * loop's backlog. One submission in 16 is measured (chosen at random by the submitting thread);
 * {@code callSoon}, timers and done callbacks are not. Percentiles are over the last {@value
 * LagWindow#WINDOW} measured submissions; {@link #lagSamples} and {@link #lagTotal} count since
 * the loop was built (their ratio is the mean, and their rates give the mean over any window).
 * All lag values are zero before the first measurement.
 *
 * @param callbacksRun callbacks the loop has started, done callbacks included
 * @param readyQueueDepth entries waiting in the loop's ready queue (a done callback counts
 *     twice: its future and itself)
 * @param inboxDepth callbacks and timers submitted by other threads that the loop has not taken
 *     in yet (counted up to {@value #MAX_COUNTED_INBOX})
 * @param pendingTimers timers in the loop's heap, cancelled ones not yet dropped included
 * @param ownedFutures pending futures the loop owns: results of {@code runInExecutor}, views
 *     and coroutine tasks, combinator results, {@code cancelOnClose} registrations
 * @param slowCallbacks callbacks that ran for at least the slow-callback threshold; measured in
 *     debug mode only, zero otherwise
 * @param blockedEpisodes times the watchdog found the loop blocked (once per episode, however
 *     many reports it made); zero with the watchdog off
 * @param lagSamples measured submissions since the loop was built
 * @param lagTotal sum of their lags
 * @param lagP50 median lag of the recent window
 * @param lagP90 90th percentile of the recent window
 * @param lagP99 99th percentile of the recent window
 * @param lagMax largest lag of the recent window
 */
public record LoopHealth(
    long callbacksRun,
    int readyQueueDepth,
    int inboxDepth,
    int pendingTimers,
    int ownedFutures,
    long slowCallbacks,
    long blockedEpisodes,
    long lagSamples,
    Duration lagTotal,
    Duration lagP50,
    Duration lagP90,
    Duration lagP99,
    Duration lagMax) {

  /** The inbox is counted up to this many nodes. */
  public static final int MAX_COUNTED_INBOX = 1_000_000;

  LoopHealth(
      long callbacksRun,
      int readyQueueDepth,
      int inboxDepth,
      int pendingTimers,
      int ownedFutures,
      long slowCallbacks,
      long blockedEpisodes,
      LagWindow.Snapshot lag) {
    this(
        callbacksRun,
        readyQueueDepth,
        inboxDepth,
        pendingTimers,
        ownedFutures,
        slowCallbacks,
        blockedEpisodes,
        lag.samples(),
        Duration.ofNanos(lag.totalNanos()),
        Duration.ofNanos(lag.p50()),
        Duration.ofNanos(lag.p90()),
        Duration.ofNanos(lag.p99()),
        Duration.ofNanos(lag.max()));
  }
}
