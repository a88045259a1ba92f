package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** socket.io-client's backoff, as its Backoff class computes it: 1 s x 2^n, moved by up to half, capped at 5 s. */
class ReconnectTest {

  @Test
  void theDelayDoublesMovesByUpToHalfAndStopsAtFiveSeconds() {
    // the random draw r moves the delay by floor(r x 0.5 x delay): down when floor(r x 10) is even, else up
    assertEquals(1000, Reconnect.backoffMillis(0, 0.0), "r = 0: not moved");
    assertEquals(900, Reconnect.backoffMillis(0, 0.2), "1000 - 100");
    assertEquals(1250, Reconnect.backoffMillis(0, 0.5), "1000 + 250");
    assertEquals(1450, Reconnect.backoffMillis(0, 0.9), "1000 + 450");
    assertEquals(2300, Reconnect.backoffMillis(1, 0.3), "2000 + 300");
    assertEquals(3500, Reconnect.backoffMillis(2, 0.25), "4000 - 500");
    assertEquals(5000, Reconnect.backoffMillis(3, 0.9), "8000 + 3600, capped");
    assertEquals(5000, Reconnect.backoffMillis(40, 0.0), "never more than 5 s, however many attempts");
    for (int attempt = 0; attempt < 6; attempt++) {
      double delay = 1000 * Math.pow(2, attempt);
      for (int i = 0; i < 1000; i++) {
        long ms = Reconnect.backoffMillis(attempt);
        assertTrue(ms >= Math.min(delay / 2, 5000) && ms <= Math.min(delay * 1.5, 5000), attempt + ": " + ms);
      }
    }
  }
}
