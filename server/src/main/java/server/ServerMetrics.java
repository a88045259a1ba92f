package server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: Micrometer's Prometheus registry with JVM and process metrics and the ledger's counters. */
public final class ServerMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  public ServerMetrics(ConnectionLedger ledger, EventLoopLag lag) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    Gauge.builder("socketio.connected", ledger, ConnectionLedger::connected)
        .description("Socket.IO connections open now").register(registry);
    Gauge.builder("socketio.tcp.open", ledger, ConnectionLedger::tcpOpen)
        .description("TCP connections open on the port, at any stage").register(registry);
    FunctionCounter.builder("socketio.connects", ledger, ConnectionLedger::connects)
        .description("Socket.IO connections opened").register(registry);
    for (DisconnectReason reason : DisconnectReason.values()) {
      FunctionCounter.builder("socketio.disconnects", ledger, l -> l.disconnects(reason))
          .tag("reason", reason.label).tag("expected", Boolean.toString(reason.expected()))
          .description("Socket.IO connections closed, by reason").register(registry);
    }
    for (HandshakeStage stage : HandshakeStage.values()) {
      FunctionCounter.builder("socketio.handshake.failures", ledger, l -> l.handshakeFailures(stage))
          .tag("stage", stage.label).description("Connections that never became Socket.IO connections").register(registry);
    }
    for (AcceptError error : AcceptError.values()) {
      FunctionCounter.builder("socketio.accept.failures", ledger, l -> l.acceptFailures(error))
          .tag("error", error.name()).description("Connections the kernel could not hand over: accept(2) failed")
          .register(registry);
    }
    FunctionCounter.builder("socketio.namespace.refusals", ledger, ConnectionLedger::namespaceRefusals)
        .description("Requests to join a namespace that does not exist").register(registry);
    FunctionCounter.builder("socketio.acks", ledger, ConnectionLedger::acks)
        .description("Acks sent for ping and echo").register(registry);
    Gauge.builder("netty.eventloop.lag", lag, l -> l.maxLagMillis() / 1000.0).baseUnit("seconds")
        .description("Worst event-loop lateness over the last second").register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
