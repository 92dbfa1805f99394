package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OwnedFutures}: what a loop owns, a combinator's future through its own links and any
 * other future through the set, and that completing, cancelling and closing keep the two right.
 */
@Timeout(10)
final class OwnedFuturesTest {
  private final EventLoop loop = EventLoops.builder().watchdog(false).build();

  @AfterEach
  void close() {
    loop.close();
  }

  private int owned() {
    return LoopOperations.health(loop).ownedFutures();
  }

  private static LoopFuture<Integer> plusOne(LoopFuture<Integer> input) {
    return LoopFutures.map(input, n -> n + 1);
  }

  @Test
  void aChainsSteps_areOwnedWhilePending_andLeaveTheLoopWhenTheyComplete() {
    LoopFuture<Integer> source = loop.createFuture();
    LoopFuture<Integer> end = plusOne(plusOne(plusOne(source)));
    assertThat(owned()).isEqualTo(3);

    source.setResult(0);

    assertThat(loop.runUntilComplete(end)).isEqualTo(3);
    assertThat(owned()).isZero();
  }

  @Test
  void closingTheLoop_cancelsEveryPendingStep_withTheClosedMessage() {
    LoopFuture<Integer> source = loop.createFuture();
    LoopFuture<Integer> first = plusOne(source);
    LoopFuture<Integer> second = plusOne(first);
    LoopFuture<Integer> third = plusOne(second);

    loop.close();

    for (LoopFuture<Integer> step : List.of(first, second, third)) {
      assertThat(step.isCancelled()).isTrue();
      assertThat(Failures.cancelMessage(step)).isEqualTo(DefaultEventLoop.CLOSED_MESSAGE);
    }
    assertThat(owned()).isZero();
  }

  @Test
  void aCancelledStep_leavesTheLoopAtOnce() {
    LoopFuture<Integer> source = loop.createFuture();
    LoopFuture<Integer> step = plusOne(source);

    step.cancel("not needed");

    assertThat(owned()).isZero();
  }

  @Test
  void aPlainFutureGivenToCancelOnClose_isOwnedUntilItCompletes() {
    LoopFuture<String> plain = loop.createFuture();
    LoopFutures.cancelOnClose(plain);
    assertThat(owned()).isEqualTo(1);

    plain.setResult("done");
    TestLoops.runUntilIdle(loop);

    assertThat(owned()).isZero();
  }

  @Test
  void stepsCompletingInAnyOrder_keepTheList_soCloseCancelsExactlyThePendingOnes() {
    List<LoopFuture<Integer>> sources = new ArrayList<>();
    List<LoopFuture<Integer>> ends = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      LoopFuture<Integer> source = loop.createFuture();
      sources.add(source);
      ends.add(i % 2 == 0 ? plusOne(source) : plusOne(plusOne(source)));
    }
    assertThat(owned()).isEqualTo(300);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(42));
    for (int i : order) {
      sources.get(i).setResult(i);
    }
    TestLoops.runUntilIdle(loop);
    assertThat(owned()).isEqualTo(75); // 50 chains left: 25 of one step, 25 of two

    loop.close();

    for (int i = 0; i < 200; i++) {
      assertThat(ends.get(i).isCancelled()).as("chain %d", i).isEqualTo(i >= 150);
    }
    assertThat(owned()).isZero();
  }
}
