package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class GuavaMigrationTest {

  @Test
  @Timeout(30)
  void run_callsTheLegacyServiceFromSuspendFunctionsAndFromTheLoop() {
    Output out = new Output();

    GuavaMigration.guavaMigration(out.stream);

    assertThat(out.text())
        .contains("apple: 12 in stock")
        .contains("durian: UnknownSkuException: no such SKU: durian")
        .contains("warehouse count within 100 ms: null; legacy future cancelled: true")
        .contains("total of apple, pear, plum: 47")
        .contains("total of apple, durian: UnknownSkuException: no such SKU: durian")
        .contains("warehouse count of plum: TimeoutException");
  }
}
