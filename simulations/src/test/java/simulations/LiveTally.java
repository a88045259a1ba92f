package simulations;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the clients see while the run goes on, for decisions made during it (the breaking point): ping ack
 * times and failures by step. Gatling's own statistics exist only after the run.
 */
public final class LiveTally {

  private final Recorder ackTimes = new Recorder(TimeUnit.MINUTES.toMicros(10), 3);
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

  /** A ping acknowledged after {@code nanos}. */
  public void ack(long nanos) {
    ackTimes.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), TimeUnit.MINUTES.toMicros(10)));
  }

  /** A connection that failed at {@code step} (connect, namespace or ping). */
  public void failed(String step) {
    failures.computeIfAbsent(step, s -> new LongAdder()).increment();
  }

  public long failures(String step) {
    LongAdder n = failures.get(step);
    return n == null ? 0 : n.sum();
  }

  /** Ack times (microseconds) recorded since the previous call. */
  public Histogram ackTimesSinceLastCall() {
    return ackTimes.getIntervalHistogram();
  }
}
