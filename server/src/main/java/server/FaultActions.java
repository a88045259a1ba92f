package server;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import server.faults.FaultPlan;
import server.faults.FaultTarget;
import server.faults.TimedFault;

/** What the faults do to the running server, and the timer that fires them (and delays acks for slow-ack). */
final class FaultActions implements FaultTarget, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FaultActions.class);

  private final ConnectionLedger ledger;
  private ChurnSocketIoServer server;
  private Channel listening;
  private ScheduledExecutorService timer;
  /** When the refuse fault ends (System.nanoTime()), while {@link #refusal} is on. */
  private volatile long refusingUntilNanos;
  private volatile boolean refusal;

  FaultActions(ConnectionLedger ledger) {
    this.ledger = ledger;
  }

  /**
   * Once the server listens: arms the timed faults, counted from {@code startedAt}, or, with {@code from}, from
   * the instant written in that file once it is there (a run's load starts seconds after its servers).
   */
  void arm(FaultPlan plan, ChurnSocketIoServer server, Channel listening, long startedAt, Path from) {
    this.server = server;
    this.listening = listening;
    if (from == null || plan.timed().isEmpty()) {
      schedule(plan.timed(), startedAt);
    } else {
      after(Duration.ZERO, () -> scheduleFrom(plan.timed(), from));
    }
    if (!plan.isEmpty()) {
      log.warn("faults armed: {}{}", plan, from == null || plan.timed().isEmpty() ? ""
          : ", counted from the instant written in " + from);
    }
  }

  private void schedule(List<TimedFault> timed, long zero) {
    for (TimedFault fault : timed) {
      after(Duration.ofMillis(Math.max(0, zero + fault.at().toMillis() - System.currentTimeMillis())), () -> {
        log.warn("fault {}: firing", fault.spec());
        fault.fire(this);
      });
    }
  }

  /** Looks for the instant in {@code from} every 20 ms; once it is there, schedules the faults from it. */
  private void scheduleFrom(List<TimedFault> timed, Path from) {
    try {
      long zero = Long.parseLong(Files.readString(from).trim());
      log.warn("faults counted from {} ({})", java.time.Instant.ofEpochMilli(zero), from);
      schedule(timed, zero);
    } catch (IOException | NumberFormatException notYet) {
      after(Duration.ofMillis(20), () -> scheduleFrom(timed, from));
    }
  }

  /** Runs {@code task} on the fault timer after {@code delay}. */
  synchronized void after(Duration delay, Runnable task) {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-timer");
        t.setDaemon(true);
        return t;
      });
    }
    timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public int kick(int count) {
    List<SocketIOClient> clients = new ArrayList<>(server.getAllClients());
    Collections.shuffle(clients);
    int kicked = 0;
    for (SocketIOClient client : clients.subList(0, Math.min(count, clients.size()))) {
      ledger.markServerClose(client.getSessionId());
      // The base client sends 41, closes the TCP connection after it, and fires the disconnect listener.
      ((NamespaceClient) client).getBaseClient().disconnect();
      kicked++;
    }
    log.warn("fault kick: disconnected {} of {} connections", kicked, clients.size());
    return kicked;
  }

  @Override
  public int connected() {
    return (int) ledger.connected();
  }

  @Override
  public void pauseAccepting(Duration pause) {
    listening.config().setAutoRead(false);
    log.warn("fault accept-pause: not accepting new connections for {} ms", pause.toMillis());
    after(pause, () -> {
      listening.config().setAutoRead(true);
      log.warn("fault accept-pause: accepting again");
    });
  }

  @Override
  public void refuse(Duration length) {
    refusingUntilNanos = System.nanoTime() + length.toNanos();
    refusal = true;
    log.warn("fault refuse: answering websocket upgrades 503 for {} ms", length.toMillis());
    after(length, () -> log.warn("fault refuse: accepting websocket upgrades again"));
  }

  /** Whether the refuse fault turns connections away now. */
  boolean refusing() {
    return refusal && System.nanoTime() - refusingUntilNanos < 0;
  }

  @Override
  public void freeze(Duration length) {
    List<EventExecutor> loops = server.workerLoops();
    log.warn("fault freeze: blocking all {} event loops for {} ms", loops.size(), length.toMillis());
    for (EventExecutor loop : loops) {
      loop.execute(() -> sleep(length));
    }
  }

  @Override
  public void crash() {
    System.err.println("fault crash-at: the server process exits now, abruptly");
    System.err.flush();
    Runtime.getRuntime().halt(70);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private static void sleep(Duration length) {
    try {
      Thread.sleep(length.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the loop is shutting down: stop blocking it
    }
  }
}
