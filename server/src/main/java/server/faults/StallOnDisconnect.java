package server.faults;

import java.time.Duration;

/**
 * {@code stall-on-disconnect:Nms}: every disconnect blocks its event loop for N, as a server doing slow
 * synchronous work on disconnect would. Under churn the loops saturate and the server stops answering.
 */
public record StallOnDisconnect(String spec, Duration stall) implements Fault {

  static StallOnDisconnect parse(String spec, String argument) {
    return new StallOnDisconnect(spec, FaultPlan.time(spec, argument));
  }

  /** Called on the event loop that runs the disconnect. */
  public void onDisconnect() {
    long until = System.nanoTime() + stall.toNanos();
    // Sleep rather than spin: the loop is blocked either way, and the machine's other core stays free.
    long left;
    while ((left = until - System.nanoTime()) > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
