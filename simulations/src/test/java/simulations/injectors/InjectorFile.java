package simulations.injectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import simulations.clients.ClientCounts;
import simulations.clients.ClientSeries;

/**
 * One injector's own counts, as the run of all the injectors merges them: {@code injector.json} in every run's
 * folder (the counters and the three latency histograms whole, HdrHistogram's compressed form, so that merged
 * percentiles are those of all the values, not averages of percentiles), and, while it runs, the few counts the
 * clients' series and the server timeline show ({@code clients-now}).
 */
public final class InjectorFile {

  public static final String NAME = "injector.json";
  public static final String LIVE = "clients-now";

  private static final ObjectMapper JSON = new ObjectMapper();

  private InjectorFile() {}

  public static void write(Path file, String shard, ClientCounts c) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("shard", shard);
    n.put("lifetimes", c.lifetimes());
    n.put("opened", c.opened());
    n.put("joined", c.joined());
    n.put("completed", c.completed());
    n.put("peakHeld", c.peakHeld());
    n.put("reconnectAttempts", c.reconnectAttempts());
    n.put("failedReconnects", c.failedReconnects());
    n.set("drops", JSON.valueToTree(c.drops()));
    n.set("lateAnswers", JSON.valueToTree(c.lateAnswers()));
    n.set("wrongAnswers", JSON.valueToTree(c.wrongAnswers()));
    n.set("failedConnects", JSON.valueToTree(c.failedConnects()));
    n.set("connectErrors", JSON.valueToTree(c.connectErrors()));
    ObjectNode histograms = n.putObject("histogramsMicros");
    histograms.put("connect", encode(c.connectTimes()));
    histograms.put("join", encode(c.joinTimes()));
    histograms.put("ack", encode(c.ackTimes()));
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
  }

  public static ClientCounts read(Path file) throws IOException {
    JsonNode n = JSON.readTree(file.toFile());
    JsonNode h = n.path("histogramsMicros");
    try {
      return new ClientCounts(n.path("lifetimes").asLong(), n.path("opened").asLong(), n.path("joined").asLong(),
          n.path("completed").asLong(), n.path("peakHeld").asLong(), n.path("reconnectAttempts").asLong(),
          n.path("failedReconnects").asLong(), counts(n.path("drops")), counts(n.path("lateAnswers")),
          counts(n.path("wrongAnswers")), counts(n.path("failedConnects")), counts(n.path("connectErrors")),
          decode(h.path("connect").asText()), decode(h.path("join").asText()), decode(h.path("ack").asText()));
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new IOException(file + ": a histogram cannot be read: " + e.getMessage(), e);
    }
  }

  /** The clients' counts now, written over the previous ones at once (a reader never sees half a line). */
  public static void writeLive(Path file, ClientSeries.Point now) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, now.held() + " " + now.joined() + " " + now.reconnectAttempts() + " "
        + now.failedReconnects() + " " + now.drops() + " " + now.failedConnects() + "\n");
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The last counts written to {@code file}; zeros while there is none. */
  public static ClientSeries.Point readLive(Path file) {
    try {
      String[] p = Files.readString(file).trim().split(" ");
      return new ClientSeries.Point(0, Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]),
          Long.parseLong(p[3]), Long.parseLong(p[4]), Long.parseLong(p[5]));
    } catch (IOException | RuntimeException e) {
      return new ClientSeries.Point(0, 0, 0, 0, 0, 0, 0);
    }
  }

  private static Map<String, Long> counts(JsonNode n) {
    Map<String, Long> m = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
    return m;
  }

  private static String encode(Histogram h) {
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip();
    buffer.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static Histogram decode(String base64) throws DataFormatException {
    return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
  }
}
