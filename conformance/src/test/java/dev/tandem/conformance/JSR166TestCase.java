/*
 * Written by Doug Lea and Martin Buchholz with assistance from
 * members of JCP JSR-166 Expert Group and released to the public
 * domain, as explained at
 * http://creativecommons.org/publicdomain/zero/1.0/
 * Other contributors include Andrew Wright, Jeffrey Hayes,
 * Pat Fisher, Mike Judd.
 */

/*
 * Tandem port: trimmed to what CompletableFutureTest needs (constants, Item, the thread-failure
 * recording, the assertion helpers). Two additions: a per-test time limit in runBare (JUnit 3 under
 * the vintage engine has no timeout of its own) and the package declaration.
 */

package dev.tandem.conformance;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import junit.framework.TestCase;
import org.jspecify.annotations.NullUnmarked;

/**
 * Base class for JSR166 Junit TCK tests. Defines some constants, utility methods and classes, as
 * well as a simple framework for helping to make sure that assertions failing in generated threads
 * cause the associated test that generated them to itself fail (which JUnit does not otherwise
 * arrange).
 */
@NullUnmarked
@SuppressWarnings({"rawtypes", "unchecked"})
public abstract class JSR166TestCase extends TestCase {

    protected static final boolean expensiveTests =
        Boolean.getBoolean("jsr166.expensiveTests");

    /**
     * If true, also run tests that are not part of the official tck
     * because they test unspecified implementation details.
     */
    protected static final boolean testImplementationDetails =
        Boolean.getBoolean("jsr166.testImplementationDetails");

    public static final long SHORT_DELAY_MS = 50;
    public static final long SMALL_DELAY_MS = SHORT_DELAY_MS * 5;
    public static final long MEDIUM_DELAY_MS = SHORT_DELAY_MS * 10;
    public static final long LONG_DELAY_MS = SHORT_DELAY_MS * 200;

    private static final long TIMEOUT_DELAY_MS = 12;

    /**
     * Returns a timeout in milliseconds to be used in tests that verify
     * that operations block or time out.
     */
    static long timeoutMillis() {
        return TIMEOUT_DELAY_MS;
    }

    /** Returns a random non-positive timeout, as a timed wait that must not wait takes. */
    static long randomExpiredTimeout() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        switch (rnd.nextInt(3)) {
        case 0: return Long.MIN_VALUE;
        case 1: return -1;
        default: return 0;
        }
    }

    /** Returns a random time unit. */
    static TimeUnit randomTimeUnit() {
        TimeUnit[] units = TimeUnit.values();
        return units[ThreadLocalRandom.current().nextInt(units.length)];
    }

    /**
     * The first exception encountered if any threadAssertXXX method fails.
     */
    private final AtomicReference<Throwable> threadFailure
        = new AtomicReference<>(null);

    /**
     * Tandem port: runs the test on a thread of its own and fails it if it takes longer than
     * TimeLimits.TEST_TIME_LIMIT_MS, printing where it hangs.
     */
    @Override
    public void runBare() throws Throwable {
        TimeLimits.runWithin(getClass().getSimpleName() + "." + getName(),
                             TimeLimits.TEST_TIME_LIMIT_MS, super::runBare);
    }

    /**
     * Records an exception so that it can be rethrown later in the test
     * harness thread, triggering a test case failure.  Only the first
     * failure is recorded; subsequent calls to this method from within
     * the same test have no effect.
     */
    public void threadRecordFailure(Throwable t) {
        System.err.println(t);
        threadFailure.compareAndSet(null, t);
    }

    /**
     * Extra checks that get done for all test cases.
     *
     * Triggers test case failure if any thread assertions have failed,
     * by rethrowing, in the test harness thread, any exception recorded
     * earlier by threadRecordFailure.
     *
     * Triggers test case failure if interrupt status is set in the main thread.
     */
    @Override
    public void tearDown() throws Exception {
        Throwable t = threadFailure.getAndSet(null);
        if (t != null) {
            if (t instanceof Error)
                throw (Error) t;
            else if (t instanceof RuntimeException)
                throw (RuntimeException) t;
            else if (t instanceof Exception)
                throw (Exception) t;
            else
                throw new AssertionError(t.toString(), t);
        }

        if (Thread.interrupted())
            throw new AssertionError(this + ": interrupt status set in main thread");
    }

    /**
     * Records the given exception using {@link #threadRecordFailure},
     * then rethrows the exception, wrapping it in an AssertionError
     * if necessary.
     */
    public void threadUnexpectedException(Throwable t) {
        threadRecordFailure(t);
        t.printStackTrace();
        if (t instanceof RuntimeException)
            throw (RuntimeException) t;
        else if (t instanceof Error)
            throw (Error) t;
        else
            throw new AssertionError("unexpected exception: " + t, t);
    }

    /**
     * Fails with message "should throw exception".
     */
    public void shouldThrow() {
        fail("Should throw exception");
    }

    /**
     * Returns the number of milliseconds since time given by
     * startNanoTime, which must have been previously returned from a
     * call to {@link System#nanoTime()}.
     */
    static long millisElapsedSince(long startNanoTime) {
        return MILLISECONDS.convert(System.nanoTime() - startNanoTime, TimeUnit.NANOSECONDS);
    }

    /**
     * Returns the same String as would be returned by {@link
     * Object#toString}, whether or not the given object's class
     * overrides toString().
     *
     * @see System#identityHashCode
     */
    static String identityString(Object x) {
        return x.getClass().getName()
            + "@" + Integer.toHexString(System.identityHashCode(x));
    }

    /**
     * Like Runnable, but with the freedom to throw anything.
     */
    interface Action { public void run() throws Throwable; }

    public void assertThrows(Class<? extends Throwable> expectedExceptionClass,
                             Action... throwingActions) {
        for (Action throwingAction : throwingActions) {
            boolean threw = false;
            try { throwingAction.run(); }
            catch (Throwable t) {
                threw = true;
                if (!expectedExceptionClass.isInstance(t))
                    throw new AssertionError(
                            "Expected " + expectedExceptionClass.getName() +
                            ", got " + t.getClass().getName(),
                            t);
            }
            if (!threw)
                shouldThrow(expectedExceptionClass.getName());
        }
    }

    public void shouldThrow(String exceptionName) {
        fail("Should throw " + exceptionName);
    }

    /**
     * A value carrier whose equality is that of an int (the TCK's Item).
     */
    static class Item extends Number implements Comparable<Item>, Serializable {
        private static final long serialVersionUID = 1L;
        public final int value;
        public Item(int v) { value = v; }
        public Item(Item i) { value = i.value; }
        public Item(Integer i) { value = i.intValue(); }
        public static Item valueOf(int i) { return new Item(i); }

        public int intValue() { return value; }
        public long longValue() { return (long)value; }
        public float floatValue() { return (float)value; }
        public double doubleValue() { return (double)value; }

        public boolean equals(Object x) {
            return (x instanceof Item) && ((Item)x).value == value;
        }
        public boolean equals(int b) {
            return value == b;
        }
        public int compareTo(Item x) {
            return Integer.compare(this.value, x.value);
        }
        public int compareTo(int b) {
            return Integer.compare(this.value, b);
        }

        public int hashCode() { return value; }
        public String toString() { return Integer.toString(value); }
    }

    public static final Item zero  = new Item(0);
    public static final Item one   = new Item(1);
    public static final Item two   = new Item(2);
    public static final Item three = new Item(3);
    public static final Item four  = new Item(4);
    public static final Item five  = new Item(5);
    public static final Item six   = new Item(6);
    public static final Item seven = new Item(7);
    public static final Item eight = new Item(8);
    public static final Item nine  = new Item(9);
    public static final Item ten   = new Item(10);

    public static final Item[] seqItems = {
        zero, one, two, three, four, five, six, seven, eight, nine, ten
    };

    public static final Item fortytwo = new Item(42);
    public static final Item minusOne = new Item(-1);
    public static final Item ninetynine = new Item(99);

    /** Returns an Item for the given int, the shared one for 0..10. */
    static Item itemFor(int i) {
        // check cache first
        if (i >= 0 && i < seqItems.length) return seqItems[i];
        return new Item(i);
    }

    static void mustEqual(Item x, Item y) {
        if (x != y) assertEquals(x, y);
    }
    static void mustEqual(Item x, int y) {
        assertEquals(x.value, y);
    }
    static void mustEqual(int x, Item y) {
        assertEquals(x, y.value);
    }
    static void mustEqual(int x, int y) {
        assertEquals(x, y);
    }
    static void mustEqual(Object x, Object y) {
        if (x != y) assertEquals(x, y);
    }
    static void mustEqual(int x, Object y) {
        if (y instanceof Item)
            assertEquals(x, ((Item)y).value);
        else fail();
    }
    static void mustEqual(Object x, int y) {
        if (x instanceof Item)
            assertEquals(((Item)x).value, y);
        else fail();
    }
    static void mustEqual(long x, long y) {
        assertEquals(x, y);
    }
}
