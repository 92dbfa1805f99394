package dev.tandem.loop;

/** A callback due at a deadline on the loop's clock; ordered by deadline, then by sequence. */
final class TimerHandle extends LoopHandle {
  final long deadline;
  /** Assigned by the loop thread when the timer enters the heap; breaks deadline ties. */
  long sequence;

  TimerHandle(long deadline, Runnable callback) {
    super(callback);
    this.deadline = deadline;
  }

  boolean runsBefore(TimerHandle other) {
    return deadline != other.deadline
        ? deadline - other.deadline < 0
        : sequence < other.sequence;
  }
}
