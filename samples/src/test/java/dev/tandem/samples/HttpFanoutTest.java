package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class HttpFanoutTest {

  @Test
  @Timeout(30)
  void run_countsOkFailedAndCancelledRequests() throws Exception {
    Output out = new Output();

    HttpFanout.run(out.stream);

    assertThat(out.text())
        .containsPattern("server listening on http://127\\.0\\.0\\.1:\\d+")
        .contains("22/24 done: 20 ok, 2 failed")
        .contains("gave up: 2 (of 24) futures unfinished after 2000 ms")
        .contains("/broken/5: HTTP 500 database unavailable")
        .contains("/broken/17: HTTP 500 database unavailable")
        .contains("/stuck/12: cancelled (gave up after 2000 ms)")
        .contains("/stuck/24: cancelled (gave up after 2000 ms)")
        .contains("summary: 20 ok, 2 failed, 2 cancelled (of 24)");
  }
}
