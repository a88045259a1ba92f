package simulations.clients;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Response times of one kind (connects, namespace joins, acks), recorded by every virtual user at once: a
 * histogram of the whole run and an interval recorder for decisions taken while it runs (the breaking point).
 */
public final class Latency {

  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final ConcurrentHistogram total = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Recorder interval = new Recorder(MAX_MICROS, 3);

  public void record(long nanos) {
    long micros = Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), MAX_MICROS));
    total.recordValue(micros);
    interval.recordValue(micros);
  }

  /** Everything recorded since the previous call (microseconds). */
  public Histogram sinceLastCall() {
    return interval.getIntervalHistogram();
  }

  /** The whole run's (microseconds). */
  public Histogram total() {
    return total.copy();
  }

  /** count, p50, p99 and max in ms, for summary.json; p50 and the others are null without a single value. */
  public static Map<String, Object> summary(Histogram h) {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean any = h.getTotalCount() > 0;
    m.put("count", h.getTotalCount());
    m.put("p50Ms", any ? millis(h.getValueAtPercentile(50)) : null);
    m.put("p99Ms", any ? millis(h.getValueAtPercentile(99)) : null);
    m.put("maxMs", any ? millis(h.getMaxValue()) : null);
    return m;
  }

  private static double millis(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }
}
