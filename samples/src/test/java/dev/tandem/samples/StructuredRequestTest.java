package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class StructuredRequestTest {

  @Test
  @Timeout(30)
  void run_answersTheFirstOrder_andTheFailureAndTheDeadlineCancelTheOtherChildren() throws Exception {
    Output out = new Output();

    StructuredRequest.run(out.stream);

    String text = out.text();
    List<String> order1 = section(text, "order-1");
    List<String> order2 = section(text, "order-2");
    List<String> order3 = section(text, "order-3");

    assertThat(text).containsPattern("stock service on http://127\\.0\\.0\\.1:\\d+ answers 200");
    // everything answers in time
    assertThat(order1.get(0)).isEqualTo("order-1: deadline 800 ms, task group order-1");
    assertThat(order1).anyMatch(l -> l.matches("  pool price done: \\d+\\.\\d\\d EUR \\(20 of 20 batches\\)"));
    assertThat(order1).contains("  loop slot  done: tomorrow 08:00 (a loop timer)");
    assertThat(order1).contains("  loop stock done: 7 in stock (GET /stock/ok)");
    assertThat(order1.get(order1.size() - 1))
        .matches("order-1: 200 OK: 7 in stock, \\d+\\.\\d\\d EUR, delivery tomorrow 08:00");
    // the stock call fails: its failure cancels the CPU work and the timer, with a message naming it
    String becauseStock = "cancelled by order-2 because its child 'stock' failed: java.io.IOException: the stock service answered 503";
    assertThat(order2).anyMatch(l -> l.startsWith("  pool price ") && l.contains(becauseStock) && !l.contains("1000000 of 1000000"));
    assertThat(order2).anyMatch(l -> l.startsWith("  loop slot  cancelled: " + becauseStock));
    assertThat(order2).contains("  loop stock failed: java.io.IOException: the stock service answered 503 (GET /stock/broken)");
    assertThat(order2.get(order2.size() - 1))
        .isEqualTo("order-2: 502 Bad Gateway: java.io.IOException: the stock service answered 503");
    // the stock call hangs: the deadline cancels it, the others had finished, the answer is a 504
    assertThat(order3).anyMatch(l -> l.matches("  pool price done: .*\\(20 of 20 batches\\)"));
    assertThat(order3).contains("  loop slot  done: tomorrow 08:00 (a loop timer)");
    assertThat(order3).contains("  loop stock cancelled: the deadline (within 800 ms) expired (GET /stock/stuck)");
    assertThat(order3.get(order3.size() - 1))
        .isEqualTo("order-3: 504 Gateway Timeout: the deadline (within 800 ms) expired before the block inside it finished");
  }

  /** The lines of one order, from its header to its answer. */
  private static List<String> section(String text, String order) {
    List<String> lines = text.lines().toList();
    int start = lines.indexOf(lines.stream().filter(l -> l.startsWith(order + ": deadline")).findFirst().orElseThrow());
    int end = start + 1;
    while (!lines.get(end).startsWith(order + ": ")) {
      end++;
    }
    return lines.subList(start, end + 1);
  }
}
