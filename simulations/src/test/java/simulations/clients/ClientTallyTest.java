package simulations.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.spi.ThrowableProxy;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clients' counts: each lifetime ends one way, the held gauge follows, and what was never answered is late. */
class ClientTallyTest {

  @Test
  void everyEndIsCountedOnceAndTheHeldGaugeFollows() {
    ClientTally tally = new ClientTally(new ConnectFailures());
    for (int i = 0; i < 6; i++) {
      tally.lifetimeStarted();
    }
    for (int i = 0; i < 5; i++) {
      tally.opened(1_000_000);
    }
    tally.failedToOpen();
    for (int i = 0; i < 4; i++) {
      tally.joinedNow();
      tally.joinTime(2_000_000);
    }
    tally.failedToJoin(Stage.NAMESPACE);
    assertEquals(4, tally.held());
    tally.dropped("ping", true);
    tally.lateAnswer("ping: ack", true);
    tally.wrongAnswer("ping: ack", true);
    tally.completed();
    assertEquals(0, tally.held());

    ClientCounts c = tally.counts();
    assertEquals(6, c.lifetimes());
    assertEquals(4, c.peakHeld());
    assertEquals(Map.of("ping", 1L), c.drops());
    assertEquals(Map.of("ping: ack", 1L), c.lateAnswers());
    assertEquals(Map.of("ping: ack", 1L), c.wrongAnswers());
    assertEquals(1, c.completed());
    assertEquals(2, c.totalFailedConnects());
    assertEquals(1, c.failedConnects().get("unknown"), "Gatling's log said nothing of this one: not guessed");
    assertEquals(1, c.failedConnects().get("namespace"));
    assertEquals(5, c.connectTimes().getTotalCount());
    assertEquals(2000, c.joinTimes().getValueAtPercentile(50), 2, "µs");
  }

  @Test
  void whatWasStillAwaitedLongerThanItsTimeoutWhenTheRunEndedIsALateAnswer() throws Exception {
    ClientTally tally = new ClientTally(new ConnectFailures());
    tally.waiting(1, "ping: ack", Duration.ofMillis(10));
    tally.waiting(2, "close", Duration.ofMillis(10));
    tally.waiting(3, "ping: ack", Duration.ofMinutes(1));
    tally.waiting(4, "ping: ack", Duration.ofMillis(10));
    tally.answered(4);
    Thread.sleep(50);
    tally.runEnded();
    assertEquals(Map.of("close (unanswered at the end)", 1L, "ping: ack (unanswered at the end)", 1L),
        tally.counts().lateAnswers(), "user 3 was within its time, user 4 was answered");
  }

  @Test
  void whatStoppingTheRunDoesToConnectionsIsNotCountedAgainstTheServer() {
    ConnectFailures gatlingSaw = new ConnectFailures();
    ClientTally tally = new ClientTally(gatlingSaw);
    tally.joinedNow();
    tally.dropped("hold", true);
    tally.runEnded(); // e.g. at Ctrl-C: the server and the clients are stopped next
    gatlingSaw.failed(new ThrowableProxy(new ConnectException("Connection refused")));
    tally.joinedNow();
    tally.dropped("hold", true);
    tally.lateAnswer("ping: ack", false);
    tally.wrongAnswer("ping: ack", false);
    tally.failedToOpen();
    tally.failedToJoin(Stage.NAMESPACE);
    tally.reconnectFailed();
    ClientCounts c = tally.counts();
    assertEquals(Map.of("hold", 1L), c.drops(), "the drop before the end, not the one after");
    assertEquals(Map.of(), c.lateAnswers());
    assertEquals(Map.of(), c.wrongAnswers());
    assertEquals(0, c.totalFailedConnects(), c.failedConnects().toString());
    assertEquals(0, tally.failedReconnects());
    assertEquals(0, tally.held());
  }
}
