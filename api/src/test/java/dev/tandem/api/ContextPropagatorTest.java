package dev.tandem.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextPropagatorTest {

  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
  private static final ThreadLocal<String> USER = new ThreadLocal<>();

  @AfterEach
  void clean() {
    REQUEST.remove();
    USER.remove();
  }

  @Test
  void aSnapshotSetsTheCapturedValueAndPutsBackWhatTheThreadHad() {
    ContextPropagator propagator = ContextPropagator.ofThreadLocals(REQUEST);
    REQUEST.set("r-1");
    ContextSnapshot snapshot = propagator.capture();
    REQUEST.set("r-2");

    try (ContextSnapshot.Scope ignored = snapshot.open()) {
      assertEquals("r-1", REQUEST.get());
    }
    assertEquals("r-2", REQUEST.get());
  }

  @Test
  void aValueAbsentBeforeIsAbsentAfterAndACapturedAbsenceHidesTheThreadsValue() {
    ContextPropagator propagator = ContextPropagator.ofThreadLocals(REQUEST);
    REQUEST.set("r-1");
    ContextSnapshot withValue = propagator.capture();
    REQUEST.remove();
    ContextSnapshot absent = propagator.capture();

    try (ContextSnapshot.Scope ignored = withValue.open()) {
      assertEquals("r-1", REQUEST.get());
    }
    assertNull(REQUEST.get());

    REQUEST.set("thread's own");
    try (ContextSnapshot.Scope ignored = absent.open()) {
      assertNull(REQUEST.get());
    }
    assertEquals("thread's own", REQUEST.get());
  }

  @Test
  void severalLocalsAreCapturedTogetherAndRestoredTogether() {
    ContextPropagator propagator = ContextPropagator.ofThreadLocals(REQUEST, USER);
    REQUEST.set("r-1");
    USER.set("ada");
    ContextSnapshot snapshot = propagator.capture();
    REQUEST.remove();
    USER.set("bob");

    Runnable wrapped =
        snapshot.wrap(
            () -> {
              assertEquals("r-1", REQUEST.get());
              assertEquals("ada", USER.get());
            });
    wrapped.run();
    assertNull(REQUEST.get());
    assertEquals("bob", USER.get());
  }

  private static final ThreadLocal<String> TRACE = new ThreadLocal<>();

  /** Every combination of captured and thread-held values for two thread-locals, two ways built. */
  @Test
  void twoLocalsPutBackExactlyWhatTheThreadHadForEveryCombinationOfValues() {
    ContextPropagator listed = ContextPropagator.ofThreadLocals(REQUEST, USER);
    ContextPropagator fused =
        ContextPropagator.composite(
            ContextPropagator.ofThreadLocals(REQUEST), ContextPropagator.ofThreadLocals(USER));
    String[] choices = {null, "x", "y"};
    for (ContextPropagator propagator : List.of(listed, fused)) {
      for (String capturedRequest : choices) {
        for (String capturedUser : choices) {
          REQUEST.set(capturedRequest);
          USER.set(capturedUser);
          ContextSnapshot snapshot = propagator.capture();
          for (String heldRequest : choices) {
            for (String heldUser : choices) {
              REQUEST.set(heldRequest);
              USER.set(heldUser);
              String what =
                  propagator + " captured " + capturedRequest + "/" + capturedUser
                      + ", thread held " + heldRequest + "/" + heldUser;
              try (ContextSnapshot.Scope ignored = snapshot.open()) {
                assertEquals(capturedRequest, REQUEST.get(), what);
                assertEquals(capturedUser, USER.get(), what);
              }
              assertEquals(heldRequest, REQUEST.get(), what);
              assertEquals(heldUser, USER.get(), what);
            }
          }
        }
      }
    }
  }

  @Test
  void aCompositeOfThreadLocalPropagatorsIsOnePropagatorOverAllTheirLocals() {
    ContextPropagator fused =
        ContextPropagator.composite(
            ContextPropagator.ofThreadLocals(REQUEST),
            ContextPropagator.ofThreadLocals(USER, TRACE));
    REQUEST.set("r-1");
    USER.set("ada");
    TRACE.set("t-1");
    ContextSnapshot snapshot = fused.capture();
    clean();
    TRACE.remove();

    try (ContextSnapshot.Scope ignored = snapshot.open()) {
      assertEquals(List.of("r-1", "ada", "t-1"), List.of(REQUEST.get(), USER.get(), TRACE.get()));
    }
    assertNull(REQUEST.get());
    assertNull(USER.get());
    assertNull(TRACE.get());
    assertEquals(
        "ContextPropagator.composite([ContextPropagator.ofThreadLocals("
            + REQUEST
            + "), ContextPropagator.ofThreadLocals("
            + List.of(USER, TRACE)
            + ")])",
        fused.toString());
  }

  /** As Python's Context.run keeps a callback's changes to itself, whatever the thread held. */
  @Test
  void aScopePutsBackWhatTheThreadHad_evenAValueTheCodeInsideSetItself() {
    ContextPropagator one = ContextPropagator.ofThreadLocals(REQUEST);
    ContextPropagator two = ContextPropagator.ofThreadLocals(REQUEST, USER);
    String[] choices = {null, "x"};
    for (ContextPropagator propagator : List.of(one, two)) {
      for (String captured : choices) {
        for (String held : choices) {
          REQUEST.set(captured);
          USER.set(captured);
          ContextSnapshot snapshot = propagator.capture();
          REQUEST.set(held);
          USER.set(held);
          try (ContextSnapshot.Scope ignored = snapshot.open()) {
            REQUEST.set("set inside");
            USER.set("set inside");
          }
          String what = propagator + " captured " + captured + ", thread held " + held;
          assertEquals(held, REQUEST.get(), what);
          if (propagator == two) {
            assertEquals(held, USER.get(), what);
          }
        }
      }
    }
  }

  @Test
  void captureReusing_returnsTheHeldSnapshotOnlyWhileEveryLocalHoldsTheSameObject() {
    ContextPropagator one = ContextPropagator.ofThreadLocals(REQUEST);
    ContextPropagator two = ContextPropagator.ofThreadLocals(REQUEST, USER);
    for (ContextPropagator propagator : List.of(one, two)) {
      REQUEST.set("r-1");
      USER.set("u-1");
      ContextSnapshot held = propagator.capture();
      assertSame(held, propagator.captureReusing(held), propagator + ": same values");

      REQUEST.set(new String("r-1")); // equal, but another object: a new snapshot
      ContextSnapshot other = propagator.captureReusing(held);
      assertNotSame(held, other, propagator + ": another value object");
      REQUEST.set("r-2");
      try (ContextSnapshot.Scope ignored = other.open()) {
        assertEquals("r-1", REQUEST.get(), propagator + ": the new snapshot holds what was read");
      }

      USER.set("u-2");
      REQUEST.set("r-1");
      ContextSnapshot second = propagator.captureReusing(held);
      if (propagator == two) {
        assertNotSame(held, second, "two locals: the second one changed");
      } else {
        assertSame(held, second, "one local: the other thread-local is not captured");
      }
    }
  }

  @Test
  void captureReusing_neverReturnsASnapshotOfAnotherPropagatorOrAStaleAbsence() {
    ContextPropagator first = ContextPropagator.ofThreadLocals(REQUEST);
    ContextPropagator second = ContextPropagator.ofThreadLocals(REQUEST);
    REQUEST.set("r-1");
    ContextSnapshot fromFirst = first.capture();
    assertSame(
        fromFirst,
        second.captureReusing(fromFirst),
        "two propagators over one thread-local: the snapshot opens and closes the same way");

    ContextPropagator other = ContextPropagator.ofThreadLocals(USER);
    USER.set("r-1");
    assertNotSame(fromFirst, other.captureReusing(fromFirst), "another thread-local: never reused");

    ContextSnapshot fromEmpty = first.captureReusing(ContextSnapshot.empty());
    REQUEST.set("r-2");
    try (ContextSnapshot.Scope ignored = fromEmpty.open()) {
      assertEquals("r-1", REQUEST.get(), "an empty held snapshot: the value is captured");
    }
    REQUEST.remove();
    ContextSnapshot absent = first.captureReusing(fromFirst);
    REQUEST.set("thread's own");
    try (ContextSnapshot.Scope ignored = absent.open()) {
      assertNull(REQUEST.get(), "a captured absence, not the held value");
    }
    assertEquals("thread's own", REQUEST.get());
  }

  @Test
  void captureReusing_byDefaultCapturesAnewAndRefusesANullHeldSnapshot() {
    List<String> events = new ArrayList<>();
    ContextPropagator custom = recording("custom", events);
    ContextSnapshot held = custom.capture();
    assertNotSame(held, custom.captureReusing(held));
    assertEquals(List.of("capture custom", "capture custom"), events);
    assertThrows(NullPointerException.class, () -> custom.captureReusing(null));
    assertThrows(
        NullPointerException.class,
        () -> ContextPropagator.ofThreadLocals(REQUEST).captureReusing(null));
    assertThrows(
        NullPointerException.class,
        () -> ContextPropagator.ofThreadLocals(REQUEST, USER).captureReusing(null));
  }

  @Test
  void aCapturedAbsenceOfBothLocalsIsOneSharedSnapshot() {
    ContextPropagator propagator = ContextPropagator.ofThreadLocals(REQUEST, USER);
    assertSame(propagator.capture(), propagator.capture());
  }

  @Test
  void aCompositeOpensInOrderAndClosesInReverse() {
    List<String> events = new ArrayList<>();
    ContextPropagator first = recording("a", events);
    ContextPropagator second = recording("b", events);
    ContextPropagator both = ContextPropagator.composite(first, ContextPropagator.none(), second);

    both.capture().open().close();
    assertEquals(List.of("capture a", "capture b", "open a", "open b", "close b", "close a"), events);
  }

  @Test
  void aCompositeOfTwoAndOfThreeOpenInOrderAndCloseInReverse() {
    List<String> events = new ArrayList<>();
    ContextPropagator.composite(recording("a", events), recording("b", events))
        .capture()
        .open()
        .close();
    assertEquals(List.of("capture a", "capture b", "open a", "open b", "close b", "close a"), events);
    events.clear();
    ContextPropagator.composite(
            recording("a", events), recording("b", events), recording("c", events))
        .capture()
        .open()
        .close();
    assertEquals(
        List.of(
            "capture a", "capture b", "capture c", "open a", "open b", "open c", "close c",
            "close b", "close a"),
        events);
  }

  @Test
  void aCompositeOfTwoThreadLocalsRestoresBothAndAnAbsentSideChangesNothing() {
    ContextPropagator both =
        ContextPropagator.composite(
            ContextPropagator.ofThreadLocals(REQUEST), ContextPropagator.ofThreadLocals(USER));
    REQUEST.set("r-1");
    ContextSnapshot userAbsent = both.capture();
    USER.set("ada");
    ContextSnapshot withBoth = both.capture();
    REQUEST.set("r-2");
    USER.set("bob");
    try (ContextSnapshot.Scope ignored = withBoth.open()) {
      assertEquals("r-1", REQUEST.get());
      assertEquals("ada", USER.get());
    }
    assertEquals("r-2", REQUEST.get());
    assertEquals("bob", USER.get());
    try (ContextSnapshot.Scope ignored = userAbsent.open()) {
      assertEquals("r-1", REQUEST.get());
      assertNull(USER.get(), "the captured absence hides the thread's own value");
    }
    assertEquals("r-2", REQUEST.get());
    assertEquals("bob", USER.get());
  }

  @Test
  void aCompositeOfNothingIsNoneAndOfOneIsThatOne() {
    ContextPropagator one = ContextPropagator.ofThreadLocals(REQUEST);
    assertSame(ContextPropagator.none(), ContextPropagator.composite(ContextPropagator.none()));
    assertSame(one, ContextPropagator.composite(one, ContextPropagator.none()));
  }

  @Test
  void badInputIsRefusedAtTheCallSite() {
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, ContextPropagator::ofThreadLocals);
    assertEquals("ofThreadLocals needs at least one ThreadLocal", empty.getMessage());
    assertThrows(NullPointerException.class, () -> ContextPropagator.ofThreadLocals(REQUEST, null));
    assertThrows(NullPointerException.class, () -> ContextPropagator.composite((ContextPropagator) null));
    assertThrows(NullPointerException.class, () -> ContextSnapshot.empty().wrap((Runnable) null));
  }

  @Test
  void theCarrierLookupAnswersNoneForAnythingElse() {
    assertSame(ContextPropagator.none(), ContextCarrier.propagatorOf("not a carrier"));
    ContextPropagator one = ContextPropagator.ofThreadLocals(REQUEST);
    ContextCarrier carrier = () -> one;
    assertSame(one, ContextCarrier.propagatorOf(carrier));
  }

  private static ContextPropagator recording(String name, List<String> events) {
    return () -> {
      events.add("capture " + name);
      return () -> {
        events.add("open " + name);
        return () -> events.add("close " + name);
      };
    };
  }
}
