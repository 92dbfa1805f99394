package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class CoroutinesOnTheLoopTest {

  @Test
  @Timeout(30)
  void run_awaitsBothKindsAndCarriesTheCancelMessageThereAndBack() {
    Output out = new Output();
    String loopThread = Thread.currentThread().getName();

    CoroutinesOnTheLoop.coroutinesOnTheLoop(out.stream);

    assertThat(out.text())
        .contains("price 42 (pool), stock 7 (loop timer), resumed on " + loopThread)
        .contains("quote = 42")
        .contains("sibling cancelled; the loop future it awaited is still pending: true")
        .contains("scope failed with the task's own exception: inventory service down")
        .contains("viewer coroutine cancelled: user closed the report window")
        .contains("executor task cancelled: true")
        .contains("back in another coroutine: CancelledException: user closed the report window")
        .contains("report task ever ran: false");
  }
}
