package simulations.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * What a leak grows, and how fast it grew: a least-squares line through each series of the timeline over the
 * run's steady part (the population full and every connection replaced once), as growth per hour. A run is
 * judged on it only when that part is long enough for a slope to mean something (-Dleak.window).
 */
public final class Leaks {

  /** A watched series: its timeline column, its name on the verdict line, its unit, and the growth that fails. */
  public record Watch(String column, String name, String unit, double unitSize, double threshold) {

    public static List<Watch> of(Thresholds t) {
      return List.of(
          new Watch("rss_bytes", "server RSS", "MiB", MIB, t.rssMibPerHour()),
          new Watch("heap_live_bytes", "server live heap", "MiB", MIB, t.heapMibPerHour()),
          new Watch("open_fds", "server open files", "", 1, t.fdsPerHour()),
          new Watch("threads", "server threads", "", 1, t.threadsPerHour()),
          new Watch("injector_rss_bytes", "injector RSS", "MiB", MIB, t.injectorRssMibPerHour()),
          new Watch("injector_heap_live_bytes", "injector live heap", "MiB", MIB, t.injectorHeapMibPerHour()));
    }
  }

  /** The growth per hour that fails a run, per series; and the steady time needed to judge. */
  public record Thresholds(double rssMibPerHour, double heapMibPerHour, double fdsPerHour, double threadsPerHour,
      double injectorRssMibPerHour, double injectorHeapMibPerHour, Duration window) {}

  /**
   * One series' growth: per hour in its unit, from how many samples; the first and last fitted values say how
   * much it held.
   */
  public record Slope(Watch watch, double perHour, int samples, double first, double last) {

    public boolean leaking() {
      return perHour > watch.threshold();
    }

    /** "server RSS +41.2 MiB/h (threshold 32 MiB/h)". */
    public String text() {
      String unit = watch.unit().isEmpty() ? "/h" : " " + watch.unit() + "/h";
      return String.format(Locale.ROOT, "%s %+.1f%s (threshold %s%s)", watch.name(), perHour, unit,
          trim(watch.threshold()), unit);
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("perHour", round(perHour));
      m.put("unit", watch.unit().isEmpty() ? "count" : watch.unit());
      m.put("thresholdPerHour", watch.threshold());
      m.put("samples", samples);
      m.put("fittedFirst", round(first));
      m.put("fittedLast", round(last));
      m.put("leaking", leaking());
      return m;
    }
  }

  private static final double MIB = 1024.0 * 1024.0;
  private static final double HOUR_MILLIS = 3_600_000.0;
  /** Fewer samples than this (a second apart) fit no line worth a verdict. */
  private static final int MIN_SAMPLES = 20;

  private final long from;
  private final long to;
  private final boolean judged;
  private final String notJudged;
  private final List<Slope> slopes;

  private Leaks(long from, long to, boolean judged, String notJudged, List<Slope> slopes) {
    this.from = from;
    this.to = to;
    this.judged = judged;
    this.notJudged = notJudged;
    this.slopes = slopes;
  }

  /** A run whose timeline could not be read, or never started its load. */
  public static Leaks none(String why) {
    return new Leaks(-1, -1, false, why, List.of());
  }

  /** The slopes of the timeline in {@code csv} between {@code from} and {@code to} (epoch ms). */
  public static Leaks of(Path csv, long from, long to, Thresholds thresholds) {
    if (!Files.isReadable(csv)) {
      return none("no timeline");
    }
    try {
      return of(TimelineCsv.read(csv), from, to, thresholds);
    } catch (IOException e) {
      return none("the timeline could not be read: " + e.getMessage());
    }
  }

  static Leaks of(Map<String, List<BigDecimal>> timeline, long from, long to, Thresholds thresholds) {
    List<BigDecimal> time = timeline.getOrDefault(TimelineCsv.TIME, List.of());
    List<Slope> slopes = new ArrayList<>();
    for (Watch w : Watch.of(thresholds)) {
      List<BigDecimal> values = timeline.get(w.column());
      if (values == null) {
        continue;
      }
      SimpleRegression line = new SimpleRegression();
      for (int i = 0; i < time.size(); i++) {
        long t = time.get(i).longValue();
        if (t >= from && t <= to && values.get(i) != null) {
          line.addData((t - from) / HOUR_MILLIS, values.get(i).doubleValue() / w.unitSize());
        }
      }
      if (line.getN() >= MIN_SAMPLES) {
        double hours = (to - from) / HOUR_MILLIS;
        slopes.add(new Slope(w, line.getSlope(), (int) line.getN(), line.predict(0), line.predict(hours)));
      }
    }
    Duration steady = Duration.ofMillis(Math.max(0, to - from));
    boolean judged = steady.compareTo(thresholds.window()) >= 0 && !slopes.isEmpty();
    String why = judged ? null : slopes.isEmpty() ? "no series to fit"
        : "a steady part of " + minutes(steady) + ", " + minutes(thresholds.window()) + " needed (-Dleak.window)";
    return new Leaks(from, to, judged, why, slopes);
  }

  /** The series that grew faster than their threshold, when the run was long enough to tell. */
  public List<Slope> leaking() {
    return judged ? slopes.stream().filter(Slope::leaking).toList() : List.of();
  }

  public List<Slope> slopes() {
    return slopes;
  }

  /** The section of summary.json. */
  public Map<String, Object> json(RunFacts facts) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("judged", judged);
    m.put("notJudgedBecause", notJudged);
    m.put("fromSecondsIn", from > 0 ? facts.secondsIn(from) : null);
    m.put("toSecondsIn", to > 0 ? facts.secondsIn(to) : null);
    Map<String, Object> series = new LinkedHashMap<>();
    for (Slope s : slopes) {
      series.put(s.watch().column(), s.json());
    }
    m.put("slopes", series);
    return m;
  }

  private static String minutes(Duration d) {
    return String.format(Locale.ROOT, "%.1f min", d.toMillis() / 60_000.0);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
