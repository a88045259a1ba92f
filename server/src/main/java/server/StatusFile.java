package server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's /status, also written to a file once a second by a thread of its own. When the event loops are
 * stalled, /status (served by those loops) goes unanswered, exactly when the event-loop lag matters most; this
 * file still shows it, growing, and the counters as the server has them.
 */
public final class StatusFile implements AutoCloseable {

  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "status-file");
    t.setDaemon(true);
    return t;
  });

  private StatusFile(Path file, Supplier<String> json) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    writer.scheduleAtFixedRate(() -> {
      try {
        Files.writeString(temp, json.get(), StandardCharsets.UTF_8);
        // readers see a whole file or the previous one, never half of one
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        System.err.println("status file: " + e);
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  public static StatusFile start(Path file, Supplier<String> json) {
    return new StatusFile(file, json);
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
