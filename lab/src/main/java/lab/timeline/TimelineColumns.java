package lab.timeline;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The columns of {@code server-timeline.csv}, one row a second, each defined once with what it means and how
 * its cell is taken from a {@link TimelineRow}; an empty cell means "not available here".
 */
public final class TimelineColumns {

  /** A column: its name in the header, what it means, and its cell. */
  public record Column(String name, String meaning, Function<TimelineRow, Object> value) {}

  public static final List<Column> ALL = List.of(
      new Column("time", "epoch milliseconds (UTC) of the sample", TimelineRow::time),
      new Column("elapsed_s", "seconds since sampling started", r -> decimal(r.elapsedSeconds())),
      new Column("held", "connections the clients hold open (joined, not yet left): the injector's own count",
          TimelineRow::held),
      new Column("reconnect_attempts", "connections that came back by themselves during this second (-Dreconnect=backoff)",
          TimelineRow::reconnectAttempts),
      new Column("failed_connects", "connections the clients could not get joined during this second, at any stage"
          + " (refused, timed out, turned away)", TimelineRow::failedConnects),
      new Column("connected", "Socket.IO connections open: the server's own gauge", TimelineRow::connected),
      new Column("connects", "connections opened during this second", TimelineRow::connects),
      new Column("client_left", "disconnects during this second, by reason: the client said goodbye (expected)",
          TimelineRow::clientLeft),
      new Column("transport_close", "... the peer closed the transport without goodbye (a drop)",
          TimelineRow::transportClose),
      new Column("ping_timeout", "... no pong within pingInterval + pingTimeout (a drop)", TimelineRow::pingTimeout),
      new Column("server_close", "... the server closed it: fault, protocol error (a drop)", TimelineRow::serverClose),
      new Column("server_shutdown", "... the server was stopping (a drop)", TimelineRow::serverShutdown),
      new Column("handshake_failures", "TLS or websocket handshakes that failed during this second",
          TimelineRow::handshakeFailures),
      new Column("accept_failures", "connections the kernel could not hand to the server (accept failed: EMFILE...)",
          TimelineRow::acceptFailures),
      new Column("tcp_established", "server-side sockets on the port, by state (netlink sock_diag, or /proc/net/tcp and tcp6)",
          r -> r.tcp() == null ? null : r.tcp().established()),
      new Column("tcp_close_wait", "", r -> r.tcp() == null ? null : r.tcp().closeWait()),
      new Column("tcp_time_wait", "", r -> r.tcp() == null ? null : r.tcp().timeWait()),
      new Column("tcp_syn_recv", "", r -> r.tcp() == null ? null : r.tcp().synRecv()),
      new Column("perfmon_established", "ESTABLISHED + CLOSE_WAIT: what perfmon's \"Connections Established\" counted",
          r -> r.tcp() == null ? null : r.tcp().perfmonEstablished()),
      new Column("rss_bytes", "server process resident memory: perfmon's \"Working Set\"", TimelineRow::rssBytes),
      new Column("heap_used_bytes", "JVM heap used", TimelineRow::heapUsedBytes),
      new Column("heap_live_bytes", "JVM heap still used after the last full collection: what a heap leak grows",
          TimelineRow::heapLiveBytes),
      new Column("direct_bytes", "direct buffers", TimelineRow::directBytes),
      new Column("gc_ms", "GC time during this second", TimelineRow::gcMillis),
      new Column("cpu_percent", "server process CPU over this second (100 = one core)", r -> decimal(r.cpuPercent())),
      new Column("threads", "server process threads", TimelineRow::threads),
      new Column("open_fds", "server process open file descriptors", TimelineRow::openFds),
      new Column("event_loop_lag_ms", "worst event-loop lateness: the \"server stops answering\" signal",
          r -> decimal(r.eventLoopLagMs())),
      new Column("injector_rss_bytes", "the injector's (Gatling JVM's) resident memory", TimelineRow::injectorRssBytes),
      new Column("injector_heap_live_bytes", "the injector's heap still used after its last full collection",
          TimelineRow::injectorHeapLiveBytes));

  private TimelineColumns() {}

  public static List<String> names() {
    return ALL.stream().map(Column::name).toList();
  }

  public static String header() {
    return String.join(",", names());
  }

  public static List<String> cells(TimelineRow row) {
    return ALL.stream().map(c -> {
      Object v = c.value().apply(row);
      return v == null ? "" : v.toString();
    }).toList();
  }

  private static String decimal(Double v) {
    return v == null ? null : String.format(Locale.ROOT, "%.1f", v);
  }
}
