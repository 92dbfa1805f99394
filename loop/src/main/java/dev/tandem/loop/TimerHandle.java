package dev.tandem.loop;

import dev.tandem.api.ContextSnapshot;
import org.jspecify.annotations.Nullable;

/** A callback due at a deadline on the loop's clock; ordered by deadline, then by sequence. */
final class TimerHandle extends LoopHandle {
  final long deadline;
  /** Assigned by the loop thread when the timer enters the heap; breaks deadline ties. */
  long sequence;

  TimerHandle(long deadline, Runnable callback, @Nullable ContextSnapshot snapshot) {
    super(callback, snapshot);
    this.deadline = deadline;
  }

  boolean runsBefore(TimerHandle other) {
    return deadline != other.deadline
        ? deadline - other.deadline < 0
        : sequence < other.sequence;
  }

  /**
   * The deadline {@code delay} after {@code now}, for {@code callLater} on every Tandem loop: a
   * negative delay is refused, and a delay too long to add is clamped (a quarter of the {@code
   * long} range, so deadline arithmetic never overflows).
   *
   * @throws NullPointerException if {@code delay} is null
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  static long deadlineAfter(long now, java.time.Duration delay) {
    java.util.Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    long nanos;
    try {
      nanos = Math.min(delay.toNanos(), Long.MAX_VALUE / 4);
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE / 4;
    }
    return now + nanos;
  }
}
