package simulations.clients;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;

/**
 * Why connects failed before the websocket opened: TCP, TLS or the HTTP upgrade, and the error itself. Gatling
 * keeps the cause of a failed websocket connect to itself (a virtual user's session only knows OK or KO); it
 * writes it in one debug line of one logger, with the exception, which this appender reads. Every other line
 * of that logger is ignored, and none reaches the console.
 */
public final class ConnectFailures extends AppenderBase<ILoggingEvent> {

  /** The logger of Gatling's websocket state "connecting" (gatling-http 3.15). */
  static final String GATLING_CONNECTING_STATE = "io.gatling.http.action.ws.fsm.WsConnectingState";

  private final Map<Stage, LongAdder> byStage = new EnumMap<>(Stage.class);
  private final Map<String, LongAdder> byError = new ConcurrentHashMap<>();
  private volatile boolean ended;

  public ConnectFailures() {
    for (Stage s : new Stage[] {Stage.TCP, Stage.TLS, Stage.WEBSOCKET}) {
      byStage.put(s, new LongAdder());
    }
    setName("connect-failures");
  }

  /** Starts listening to Gatling's connecting state; its other lines stay out of the console. */
  public ConnectFailures attach() {
    Logger logger = (Logger) LoggerFactory.getLogger(GATLING_CONNECTING_STATE);
    setContext(logger.getLoggerContext());
    start();
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
    logger.addAppender(this);
    return this;
  }

  /** The run is over (or interrupted): the connects that stopping it fails are not counted. */
  void runEnded() {
    ended = true;
  }

  @Override
  protected void append(ILoggingEvent event) {
    IThrowableProxy failure = event.getThrowableProxy();
    if (failure != null) {
      failed(failure);
    }
  }

  /** Counts one failed connect from its exception and the exceptions that caused it. */
  void failed(IThrowableProxy failure) {
    if (ended) {
      return;
    }
    Classified c = classify(failure);
    byStage.get(c.stage()).increment();
    byError.computeIfAbsent(c.error(), e -> new LongAdder()).increment();
  }

  /** The stage and a short error: the deepest cause's class and the first line of its message. */
  static Classified classify(IThrowableProxy failure) {
    Stage stage = null;
    IThrowableProxy deepest = failure;
    for (IThrowableProxy t = failure; t != null; t = t.getCause()) {
      deepest = t;
      Stage s = stageOf(simpleName(t.getClassName()), String.valueOf(t.getMessage()));
      if (s != null && (stage == null || s.ordinal() < stage.ordinal())) {
        stage = s; // the earliest stage named anywhere in the chain
      }
    }
    String message = deepest.getMessage() == null ? "" : deepest.getMessage().lines().findFirst().orElse("");
    return new Classified(stage == null ? Stage.WEBSOCKET : stage,
        simpleName(deepest.getClassName()) + (message.isEmpty() ? "" : ": " + message));
  }

  private static Stage stageOf(String type, String message) {
    if (type.equals("ConnectException") || type.equals("ConnectTimeoutException") || type.equals("NoRouteToHostException")
        || type.equals("BindException") || message.contains("Too many open files")) {
      return Stage.TCP;
    }
    if (type.startsWith("SSL") || type.equals("NotSslRecordException") || type.equals("SslHandshakeTimeoutException")
        || type.equals("SslClosedEngineException")) {
      return Stage.TLS;
    }
    if (type.equals("WebSocketClientHandshakeException") || type.equals("WebSocketHandshakeException")
        || type.equals("RequestTimeoutException") || type.equals("PrematureCloseException")) {
      return Stage.WEBSOCKET;
    }
    return null;
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  record Classified(Stage stage, String error) {}

  public long count(Stage stage) {
    LongAdder n = byStage.get(stage);
    return n == null ? 0 : n.sum();
  }

  public long total() {
    return byStage.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The errors, most frequent first. */
  public Map<String, Long> errors() {
    Map<String, Long> sorted = new LinkedHashMap<>();
    byError.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue().sum()));
    return sorted;
  }
}
