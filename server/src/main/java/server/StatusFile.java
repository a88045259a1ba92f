package server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's /status, also written to a file once a second by a thread of its own. When the event loops are
 * stalled, /status (served by those loops) goes unanswered, exactly when the event-loop lag matters most; this
 * file still shows it, growing, and the counters as the server has them. The file is opened once and rewritten
 * in place, so that it still speaks when the process is at its open-file limit (no new file could be opened
 * then); a reader that catches a write halfway reads again ({@code StatusClient}).
 */
public final class StatusFile implements AutoCloseable {

  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "status-file");
    t.setDaemon(true);
    return t;
  });
  private final FileChannel channel;

  private StatusFile(Path file, Supplier<String> json) throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    writer.scheduleAtFixedRate(() -> {
      try {
        byte[] bytes = json.get().getBytes(StandardCharsets.UTF_8);
        channel.write(ByteBuffer.wrap(bytes), 0);
        channel.truncate(bytes.length);
      } catch (IOException | RuntimeException e) {
        System.err.println("status file: " + e);
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  public static StatusFile start(Path file, Supplier<String> json) {
    try {
      return new StatusFile(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the status file " + file, e);
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
    try {
      writer.awaitTermination(2, TimeUnit.SECONDS);
      channel.close();
    } catch (IOException e) {
      // nothing left to write
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
