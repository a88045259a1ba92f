package lab.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counters of one {@code /status} answer, flattened ({@code connects}, {@code disconnects.client-left},
 * {@code acceptFailures.EMFILE}, ...), with what identifies the server process that answered.
 */
public record ServerCounters(Map<String, Long> values, String identity) {

  /** The counters that grow for the server's whole life, as opposed to gauges such as {@code connected}. */
  static final String[] COUNTERS = {"connects", "disconnects", "handshakeFailures", "acceptFailures", "acks",
      "gcMillis", "cpuNanos"};

  public static ServerCounters of(JsonNode status) {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String name : COUNTERS) {
      JsonNode n = status.get(name);
      if (n == null) {
        continue;
      }
      if (n.isNumber()) {
        values.put(name, n.asLong());
      } else if (n.isObject()) {
        n.fields().forEachRemaining(e -> {
          if (e.getValue().isNumber()) {
            values.put(name + "." + e.getKey(), e.getValue().asLong());
          }
        });
      }
    }
    String identity = status.path("pid").asText("") + "@" + status.path("startedAt").asText("");
    return new ServerCounters(values, identity.equals("@") ? null : identity);
  }

  public Long get(String key) {
    return values.get(key);
  }
}
