package lab.timeline;

import java.util.List;

/** The columns of {@code server-timeline.csv}, one row a second; an empty cell means "not available here". */
public final class TimelineColumns {

  public static final List<String> ALL = List.of(
      "time",                // epoch milliseconds (UTC) of the sample
      "elapsed_s",           // seconds since sampling started
      "connected",           // Socket.IO connections open: the server's own gauge
      "connects",            // connections opened during this second
      "client_left",         // disconnects during this second, by reason: the client said goodbye (expected)
      "transport_close",     //   ... the peer closed the transport without goodbye (a drop)
      "ping_timeout",        //   ... no pong within pingInterval + pingTimeout (a drop)
      "server_close",        //   ... the server closed it: fault, protocol error (a drop)
      "handshake_failures",  // TLS or websocket handshakes that failed during this second
      "tcp_established",     // server-side sockets on the port, by state (/proc/net/tcp and tcp6)
      "tcp_close_wait",
      "tcp_time_wait",
      "tcp_syn_recv",
      "perfmon_established", // ESTABLISHED + CLOSE_WAIT: what perfmon's "Connections Established" counted
      "rss_bytes",           // server process resident memory: perfmon's "Working Set"
      "heap_used_bytes",
      "direct_bytes",
      "gc_ms",               // GC time during this second
      "cpu_percent",         // server process CPU over this second (100 = one core)
      "threads",
      "open_fds",
      "event_loop_lag_ms");  // worst event-loop lateness: the "server stops answering" signal

  private TimelineColumns() {}
}
