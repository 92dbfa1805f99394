package dev.tandem.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopFutures;
import dev.tandem.threads.FutureExecutor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The example the README and {@link TandemMonos} point to, run. */
@Timeout(10)
final class TandemMonosExampleTest {

  /** A reactive client's call, answered on a Reactor scheduler thread. */
  private static Mono<String> fetchPrice(String item) {
    return Mono.fromCallable(() -> item + ": 42").subscribeOn(Schedulers.boundedElastic());
  }

  @Test
  void monosJoinALoopGather_andAFutureJoinsAPipeline() throws Exception {
    // Monos into a loop: each subscribed once, its outcome delivered on the loop thread.
    try (EventLoop loop = EventLoops.newEventLoop()) {
      LoopFuture<String> apple = TandemMonos.asLoopFuture(fetchPrice("apple"), loop);
      LoopFuture<String> pear = TandemMonos.asLoopFuture(fetchPrice("pear"), loop);
      List<String> prices = loop.runUntilComplete(LoopFutures.gather(loop, List.of(apple, pear)));
      assertThat(prices).containsExactly("apple: 42", "pear: 42");
    }

    // A future into a pipeline: the task runs once, however many subscribe.
    try (FutureExecutor pool = FutureExecutor.newFixedPool(2)) {
      ExecutorFuture<Integer> stock = pool.submit(() -> 7);
      Mono<String> report =
          TandemMonos.asMono(stock).zipWith(fetchPrice("apple"), (count, price) -> count + " x " + price);
      assertThat(report.block(Duration.ofSeconds(5))).isEqualTo("7 x apple: 42");
      assertThat(TandemMonos.asMono(stock).block(Duration.ofSeconds(5))).isEqualTo(7);
    }
  }
}
