package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class LoopAndPoolTest {

  @Test
  @Timeout(30)
  void run_gathersTheSlicesOnTheLoopAndShowsTheDeadlockGuard() throws Exception {
    Output out = new Output();
    String loopThread = Thread.currentThread().getName();

    LoopAndPool.run(out.stream);

    assertThat(out.text())
        .contains("deadlock guard: Refusing to block thread '" + loopThread + "'")
        .contains("FutureExecutor[crunch].map")
        .contains("Instead await() it from a coroutine")
        .contains("4 of 4 done, callback on " + loopThread + ")")
        .containsPattern("heartbeat ticked \\d+ time\\(s\\)")
        .contains("primes below 2000000: 148933");
  }

  @Test
  void primesIn_slicesAddUpToTheKnownCount() {
    int total = 0;
    for (int slice = 0; slice < LoopAndPool.CHUNKS; slice++) {
      total += LoopAndPool.primesIn(slice);
    }

    assertThat(total).isEqualTo(148_933);
  }
}
