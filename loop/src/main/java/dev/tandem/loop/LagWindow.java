package dev.tandem.loop;

import dev.tandem.api.ContextSnapshot;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Loop lag: the time from {@code callSoonThreadsafe} to the callback starting on the loop
 * thread, for a sample of the submissions.
 *
 * <p>A submitting thread picks one submission in {@link #samplePeriod} at random ({@link
 * ThreadLocalRandom}, no shared counter) and gives it a {@link Stamped} handle carrying the
 * loop clock's time; the others cost nothing. The loop thread, when it starts a stamped
 * callback, records its lag in a ring of the last {@link #WINDOW} samples and in two running
 * totals, all plain fields written by the loop thread only. {@link #snapshot()} reads them
 * racily from any thread: percentiles of the recent window, a count and a sum since the loop
 * was built.
 */
final class LagWindow {
  static final int WINDOW = 1024;

  /** A handle that remembers when it was submitted. */
  static final class Stamped extends LoopHandle {
    final long enqueuedAt;

    Stamped(Runnable callback, @Nullable ContextSnapshot snapshot, long enqueuedAt) {
      super(callback, snapshot);
      this.enqueuedAt = enqueuedAt;
    }
  }

  /** The lag part of a {@link LoopHealth}, in nanoseconds. */
  record Snapshot(long samples, long totalNanos, long p50, long p90, long p99, long max) {}

  private final int samplePeriod;
  private final long[] recent = new long[WINDOW];
  private long samples;
  private long totalNanos;

  /** @param samplePeriod one submission in this many is measured; 1 measures every one */
  LagWindow(int samplePeriod) {
    if (samplePeriod < 1) {
      throw new IllegalArgumentException("sample period must be positive: " + samplePeriod);
    }
    this.samplePeriod = samplePeriod;
  }

  /** Whether the submission being made now is measured; any thread. */
  boolean sampleNow() {
    return samplePeriod == 1 || ThreadLocalRandom.current().nextInt(samplePeriod) == 0;
  }

  /** Records one lag; loop thread. */
  void record(long nanos) {
    long n = samples;
    recent[(int) (n & (WINDOW - 1))] = Math.max(0, nanos);
    totalNanos += Math.max(0, nanos);
    samples = n + 1;
  }

  /** An approximate snapshot; any thread. */
  Snapshot snapshot() {
    long n = samples;
    long total = totalNanos;
    int size = (int) Math.min(n, WINDOW);
    if (size == 0) {
      return new Snapshot(0, 0, 0, 0, 0, 0);
    }
    long[] copy = Arrays.copyOf(recent, size);
    Arrays.sort(copy);
    return new Snapshot(
        n, total, at(copy, 0.50), at(copy, 0.90), at(copy, 0.99), copy[size - 1]);
  }

  private static long at(long[] sorted, double quantile) {
    int i = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
