package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import server.pipeline.AcceptFailureCounter;

/** Failed accepts are counted by error, logged once a second at most, and never reach the pipeline's tail. */
class AcceptFailureCounterTest {

  static {
    Epoll.ensureAvailability(); // loads the native library that Errors needs
  }

  @Test
  void everyFailureIsCountedButOnlyOneLineASecondIsLoggedWithoutAStackTrace() {
    ConnectionLedger ledger = new ConnectionLedger();
    AtomicLong clock = new AtomicLong();
    EmbeddedChannel listening = new EmbeddedChannel(new AcceptFailureCounter(ledger, 1200, clock::get));
    ListAppender<ILoggingEvent> log = capture();

    IOException emfile = Errors.newIOException("accept", -24); // what the epoll transport throws
    for (int i = 0; i < 50; i++) {
      listening.pipeline().fireExceptionCaught(emfile);
      clock.addAndGet(10_000_000); // 50 failures over half a second
    }
    listening.pipeline().fireExceptionCaught(new IOException("Too many open files in system")); // as NIO says it
    clock.addAndGet(600_000_000);
    listening.pipeline().fireExceptionCaught(emfile);

    assertEquals(51, ledger.acceptFailures(AcceptError.EMFILE));
    assertEquals(1, ledger.acceptFailures(AcceptError.ENFILE));
    listening.checkException(); // nothing went on down the pipeline
    assertEquals(2, log.list.size(), "the first failure, then one line a second later: " + log.list);
    assertEquals("accept failed 1 time since the last line (EMFILE 1: the process is at its open-file limit"
        + " (ulimit -n), 1200 files); new connections wait in the backlog, accepting again in 1 s",
        log.list.get(0).getFormattedMessage());
    assertEquals("accept failed 51 times since the last line (EMFILE 50: the process is at its open-file limit"
        + " (ulimit -n), 1200 files; ENFILE 1: the system is at its open-file limit (fs.file-max)); new connections"
        + " wait in the backlog, accepting again in 1 s", log.list.get(1).getFormattedMessage());
    for (ILoggingEvent e : log.list) {
      assertNull(e.getThrowableProxy(), "no stack trace");
    }
    assertFalse(listening.finish());
  }

  @Test
  void errorsAreToldApartByErrnoOrByTheJdksMessage() {
    assertEquals(AcceptError.EMFILE, AcceptError.of(Errors.newIOException("accept", -24)));
    assertEquals(AcceptError.ENFILE, AcceptError.of(Errors.newIOException("accept", -23)));
    assertEquals(AcceptError.ENOBUFS, AcceptError.of(Errors.newIOException("accept", -105)));
    assertEquals(AcceptError.OTHER, AcceptError.of(Errors.newIOException("accept", -22)));
    assertEquals(AcceptError.EMFILE, AcceptError.of(new IOException("Too many open files")));
    assertEquals(AcceptError.OTHER, AcceptError.of(new IllegalStateException("?")));
    assertTrue(AcceptError.EMFILE.meaning.contains("ulimit -n"));
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(AcceptFailureCounter.class)).addAppender(appender);
    return appender;
  }
}
