package dev.tandem.benchmarks.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The benchmark scores of one JMH run, read from its JSON output ({@code -rf json}). */
final class Results {

  /**
   * One benchmark score. Benchmarks are named {@code variant_competitor} in a class per family.
   *
   * @param family the benchmark class's simple name
   * @param params the JMH parameters, e.g. {@code n=10000}
   * @param error JMH's 99.9% confidence half-width, NaN when there were too few iterations
   * @param allocBytesPerOp {@code gc.alloc.rate.norm} when run with {@code -prof gc}, else NaN
   * @param allocError that metric's 99.9% half-width, else NaN
   */
  record Score(
      String family,
      String variant,
      String competitor,
      Map<String, String> params,
      double score,
      double error,
      String unit,
      double allocBytesPerOp,
      double allocError) {

    String param(String name) {
      return params.getOrDefault(name, "");
    }
  }

  private final List<Score> scores;
  private final @Nullable JsonObject first;
  /** Per JSON file read: its first run (for the settings) and the families it measured. */
  private final List<Map.Entry<JsonObject, List<String>>> parts;

  private Results(
      List<Score> scores, @Nullable JsonObject first, List<Map.Entry<JsonObject, List<String>>> parts) {
    this.scores = scores;
    this.first = first;
    this.parts = parts;
  }

  /**
   * The scores of several JMH runs of one session (the script runs the scale family with more
   * iterations than the rest), in file order; settings are read per file.
   */
  static Results read(List<Path> files) throws IOException {
    List<Score> scores = new ArrayList<>();
    List<Map.Entry<JsonObject, List<String>>> parts = new ArrayList<>();
    JsonObject first = null;
    for (Path file : files) {
      Results one = read(file);
      scores.addAll(one.scores);
      if (one.first != null) {
        first = first == null ? one.first : first;
        parts.add(Map.entry(one.first, one.scores.stream().map(Score::family).distinct().toList()));
      }
    }
    return new Results(scores, first, parts);
  }

  /**
   * The warm-up and measurement settings, one entry per file read, each with the families it
   * covered, e.g. "2 forks, warm-up 2 × 1 s, measurement 3 × 1 s (LifecycleBenchmark, …)".
   */
  List<String> iterationSettings() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<JsonObject, List<String>> part : parts) {
      JsonObject run = part.getKey();
      String forks = text(run, "forks");
      out.add(
          forks + (forks.equals("1") ? " fork" : " forks") + ", warm-up " + text(run, "warmupIterations") + " × " + text(run, "warmupTime")
              + ", measurement " + text(run, "measurementIterations") + " × "
              + text(run, "measurementTime") + " (" + String.join(", ", part.getValue()) + ")");
    }
    return out;
  }

  static Results read(Path file) throws IOException {
    JsonArray runs = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonArray();
    List<Score> scores = new ArrayList<>();
    JsonObject first = null;
    for (JsonElement element : runs) {
      JsonObject run = element.getAsJsonObject();
      if (first == null) {
        first = run;
      }
      String benchmark = run.get("benchmark").getAsString();
      String[] parts = benchmark.split("\\.");
      String family = parts[parts.length - 2];
      String method = parts[parts.length - 1];
      int cut = method.lastIndexOf('_');
      String variant = cut < 0 ? method : method.substring(0, cut);
      String competitor = cut < 0 ? "" : method.substring(cut + 1);
      Map<String, String> params = new LinkedHashMap<>();
      if (run.has("params")) {
        for (Map.Entry<String, JsonElement> p : run.getAsJsonObject("params").entrySet()) {
          params.put(p.getKey(), p.getValue().getAsString());
        }
      }
      JsonObject primary = run.getAsJsonObject("primaryMetric");
      double alloc = Double.NaN;
      double allocError = Double.NaN;
      if (run.has("secondaryMetrics")) {
        for (Map.Entry<String, JsonElement> m : run.getAsJsonObject("secondaryMetrics").entrySet()) {
          if (m.getKey().endsWith("gc.alloc.rate.norm")) {
            alloc = number(m.getValue().getAsJsonObject().get("score"));
            allocError = number(m.getValue().getAsJsonObject().get("scoreError"));
          }
        }
      }
      scores.add(
          new Score(
              family,
              variant,
              competitor,
              params,
              number(primary.get("score")),
              number(primary.get("scoreError")),
              primary.get("scoreUnit").getAsString(),
              alloc,
              allocError));
    }
    return new Results(
        scores,
        first,
        first == null
            ? List.of()
            : List.of(Map.entry(first, scores.stream().map(Score::family).distinct().toList())));
  }

  /** JMH writes "NaN" as a string when there were too few iterations for an error. */
  private static double number(@Nullable JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return Double.NaN;
    }
    try {
      return e.getAsDouble();
    } catch (NumberFormatException notANumber) {
      return Double.NaN;
    }
  }

  List<Score> all() {
    return scores;
  }

  List<Score> family(String family) {
    return scores.stream().filter(s -> s.family().equals(family)).toList();
  }

  Optional<Score> find(String family, String variant, String competitor, String... params) {
    return scores.stream()
        .filter(s -> s.family().equals(family))
        .filter(s -> s.variant().equals(variant))
        .filter(s -> s.competitor().equals(competitor))
        .filter(
            s -> {
              for (int i = 0; i + 1 < params.length; i += 2) {
                if (!s.param(params[i]).equals(params[i + 1])) {
                  return false;
                }
              }
              return true;
            })
        .findFirst();
  }

  /** A run setting from the JSON, e.g. {@code vmName}, {@code forks}; empty if absent. */
  String setting(String name) {
    JsonObject f = first;
    return f == null ? "" : text(f, name);
  }

  private static String text(JsonObject run, String name) {
    if (!run.has(name)) {
      return "";
    }
    JsonElement e = run.get(name);
    if (e.isJsonArray()) {
      List<String> items = new ArrayList<>();
      e.getAsJsonArray().forEach(item -> items.add(item.getAsString()));
      return String.join(" ", items);
    }
    return e.isJsonPrimitive() ? e.getAsString() : e.toString();
  }
}
