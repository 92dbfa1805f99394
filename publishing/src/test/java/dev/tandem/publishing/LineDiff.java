package dev.tandem.publishing;

import java.util.ArrayList;
import java.util.List;

/** A readable line diff: hunks of removed ({@code -}) and added ({@code +}) lines with context. */
final class LineDiff {
  private static final int CONTEXT = 2;

  private LineDiff() {}

  /** The lines of {@code before} and {@code after} that differ, with a little context. */
  static String of(String before, String after) {
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    // Longest common subsequence table, from the ends.
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] = a.get(i).equals(b.get(j))
            ? common[i + 1][j + 1] + 1
            : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> edits = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        edits.add("  " + a.get(i++));
        j++;
      } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
        edits.add("- " + a.get(i++));
      } else {
        edits.add("+ " + b.get(j++));
      }
    }
    StringBuilder out = new StringBuilder();
    int lastShown = -1;
    for (int k = 0; k < edits.size(); k++) {
      if (!nearChange(edits, k)) {
        continue;
      }
      if (lastShown >= 0 && k > lastShown + 1) {
        out.append("  ...\n");
      }
      out.append(edits.get(k)).append('\n');
      lastShown = k;
    }
    return out.toString();
  }

  private static boolean nearChange(List<String> edits, int k) {
    for (int d = Math.max(0, k - CONTEXT); d <= Math.min(edits.size() - 1, k + CONTEXT); d++) {
      if (!edits.get(d).startsWith("  ")) {
        return true;
      }
    }
    return false;
  }
}
