package server;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How late the server's event loops run: a task scheduled every 100 ms on each loop measures how much later
 * than asked it ran. A loop that is blocked shows its lag growing in real time, even before the probe runs:
 * the "server stops answering" signal of the seed.
 */
public final class EventLoopLag {

  static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Map<EventLoop, Probe> probes = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  /** Starts probing {@code loop} unless it is probed already; cheap to call for every new channel. */
  public void watch(EventLoop loop) {
    if (!stopped && !probes.containsKey(loop)) {
      probes.computeIfAbsent(loop, l -> {
        Probe probe = new Probe(l);
        probe.schedule();
        return probe;
      });
    }
  }

  /** The worst lag, in ms, over the last second on any loop, counting a probe that is overdue right now. */
  public double maxLagMillis() {
    long now = System.nanoTime();
    long worst = 0;
    for (Probe p : probes.values()) {
      worst = Math.max(worst, p.worst(now));
    }
    return worst / 1e6;
  }

  public void stop() {
    stopped = true;
  }

  private final class Probe implements Runnable {
    private final EventLoop loop;
    private final long[] lagAt = new long[16];
    private final long[] lag = new long[16];
    private int next;
    private volatile long dueAt;

    Probe(EventLoop loop) {
      this.loop = loop;
    }

    void schedule() {
      dueAt = System.nanoTime() + PERIOD_NANOS;
      if (!stopped && !loop.isShuttingDown()) {
        loop.schedule(this, PERIOD_NANOS, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      synchronized (this) {
        lagAt[next] = now;
        lag[next] = Math.max(0, now - dueAt);
        next = (next + 1) % lag.length;
      }
      schedule();
    }

    synchronized long worst(long now) {
      long worst = Math.max(0, now - dueAt); // overdue and not run yet: the loop is blocked
      for (int i = 0; i < lag.length; i++) {
        if (now - lagAt[i] <= WINDOW_NANOS) {
          worst = Math.max(worst, lag[i]);
        }
      }
      return worst;
    }
  }
}
