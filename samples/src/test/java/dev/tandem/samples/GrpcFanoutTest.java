package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.samples.GrpcFanout.Report;
import dev.tandem.samples.GrpcFanout.Transport;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class GrpcFanoutTest {
  private static final List<String> SLOW = List.of("slow-4", "slow-8", "slow-12");
  private static final String MESSAGE = "gave up after " + GrpcFanout.PATIENCE.toMillis() + " ms";

  @ParameterizedTest
  @EnumSource(Transport.class)
  @Timeout(10)
  void fanOut_deliversTheAnswers_cancelsTheStragglers_andTheServerSeesEachCancellation(Transport transport)
      throws Exception {
    Output out = new Output();

    Report report = GrpcFanout.fanOut(transport, out.stream);

    assertThat(report.ok()).hasSize(8).allSatisfy(item -> assertThat(item).startsWith("fast-"));
    assertThat(report.failed()).containsExactly("missing-6");
    assertThat(report.cancelledByClient()).containsOnlyKeys(SLOW).containsValues(MESSAGE);
    assertThat(report.seenByServer()).containsOnlyKeys(SLOW)
        .allSatisfy((item, seen) -> assertThat(seen).isEqualTo("isCancelled=true, cause=CANCELLED"));
    assertThat(report.pending()).as("futures left pending").isZero();
    assertThat(out.text())
        .contains("fast-1: fast-1 costs 6 coins")
        .contains("missing-6: failed: NOT_FOUND: no such item: missing-6")
        .contains("slow-12: cancelled (" + MESSAGE + ")")
        .contains("summary: 8 ok, 1 failed, 3 cancelled (of 12); the server saw 3 cancellations; 0 pending");
  }

  @Test
  @Timeout(20)
  void run_coversBothTransports() throws Exception {
    Output out = new Output();

    GrpcFanout.run(out.stream);

    assertThat(out.text())
        .containsPattern("\\[in-process\\] server ")
        .containsPattern("\\[loopback socket\\] server on 127\\.0\\.0\\.1:\\d+")
        .contains("[in-process] summary: 8 ok")
        .contains("[loopback socket] summary: 8 ok");
  }
}
