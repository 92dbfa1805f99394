package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class NettyServerTest {
  @Test
  @Timeout(30)
  void run_answersEveryRequest_combinedOnTheNettyThread_andTheGuardRefusesTheBlockingHandler()
      throws Exception {
    Output out = new Output();

    NettyServer.run(out.stream);

    assertThat(out.text())
        .containsPattern("server listening on http://127\\.0\\.0\\.1:\\d+")
        .contains("/report?n=1 -> HTTP 200: 168 primes below 1000, cache miss for 1, combined on the Netty thread: true")
        .contains("/report?n=2 -> HTTP 200: 303 primes below 2000, cache miss for 2")
        .contains("/report?n=3 -> HTTP 200: 430 primes below 3000")
        .contains("/report?n=4 -> HTTP 200: 550 primes below 4000")
        .contains("/report?n=5 -> HTTP 200: 669 primes below 5000")
        .containsPattern("/blocking -> HTTP 500: Refusing to block thread '[^']+', which is running event loop HostedEventLoop");
  }
}
