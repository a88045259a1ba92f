package server.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import server.AcceptError;
import server.ConnectionLedger;

/**
 * On the listening channel, after Netty's acceptor: counts every failed {@code accept(2)} by its error and logs
 * at most one line a second, without a stack trace. Netty's acceptor has already paused accepting for a second
 * (that back-off is why this handler must come after it, not before); without this handler the failure would
 * reach the pipeline's tail, which logs a warning per failure.
 */
public final class AcceptFailureCounter extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(AcceptFailureCounter.class);
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ConnectionLedger ledger;
  private final long openFileLimit;
  private final LongSupplier clock;
  private final Map<AcceptError, Long> sinceLastLine = new EnumMap<>(AcceptError.class);
  private long lastLineAt;
  private boolean logged;

  /**
   * @param openFileLimit this process's open-file limit, read at start (at the limit, reading it would itself
   *     need a file); -1 when unknown
   */
  public AcceptFailureCounter(ConnectionLedger ledger, long openFileLimit, LongSupplier nanoClock) {
    this.ledger = ledger;
    this.openFileLimit = openFileLimit;
    this.clock = nanoClock;
    // Built once now: a class loaded lazily when the process has no file descriptor left fails to load and
    // takes the event loop's thread with it.
    line();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    AcceptError error = AcceptError.of(cause);
    ledger.acceptFailed(error);
    sinceLastLine.merge(error, 1L, Long::sum);
    long now = clock.getAsLong();
    if (!logged || now - lastLineAt >= LOG_EVERY_NANOS) {
      log.warn(line());
      sinceLastLine.clear();
      lastLineAt = now;
      logged = true;
    }
  }

  /** e.g. "accept failed 37 times (EMFILE: the process is at its open-file limit (ulimit -n), 1200 files); ..." */
  String line() {
    StringBuilder s = new StringBuilder("accept failed");
    long total = 0;
    for (long n : sinceLastLine.values()) {
      total += n;
    }
    s.append(' ').append(total).append(total == 1 ? " time" : " times").append(" since the last line (");
    boolean first = true;
    for (Map.Entry<AcceptError, Long> e : sinceLastLine.entrySet()) {
      s.append(first ? "" : "; ").append(e.getKey().name()).append(' ').append(e.getValue()).append(": ")
          .append(e.getKey().meaning);
      if (e.getKey() == AcceptError.EMFILE && openFileLimit > 0) {
        s.append(", ").append(openFileLimit).append(" files");
      }
      first = false;
    }
    return s.append("); new connections wait in the backlog, accepting again in 1 s").toString();
  }
}
