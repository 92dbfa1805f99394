package dev.tandem.reliability;

/**
 * Short form or long form: the {@code stress} Maven profile sets the system property {@code
 * tandem.stress=true}, and every test scales its iterations with {@link #pick}.
 */
final class Stress {
  /** Whether the long forms run ({@code -Pstress}). */
  static final boolean ENABLED = Boolean.getBoolean("tandem.stress");

  private Stress() {}

  /** {@code shortForm} in the normal build, {@code longForm} under {@code -Pstress}. */
  static int pick(int shortForm, int longForm) {
    return ENABLED ? longForm : shortForm;
  }
}
