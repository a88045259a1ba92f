package lab.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What the server's host tells of the server's port and process: this host's own kernel and /proc when the server
 * runs here, or a {@link lab.agent.TimelineAgent} beside a server on another host ({@link AgentClient}).
 */
public interface ServerHost {

  /**
   * One reading: the port's sockets by state, the process read ({@code pid}, -1 if none), its figures, and its
   * open-file limit (-1: unknown).
   */
  record View(Optional<PortCounts> ports, long pid, Optional<ProcessStats.Sample> process, long openFileLimit) {
    public static final View NOTHING = new View(Optional.empty(), -1, Optional.empty(), -1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an agent answers: {@code {"ports":{...},"pid":N,"process":{...},"openFileLimit":N}}, absent parts left out. */
    public ObjectNode toJson() {
      ObjectNode out = JSON.createObjectNode();
      ports.ifPresent(c -> out.set("ports", JSON.valueToTree(c)));
      out.put("pid", pid);
      process.ifPresent(s -> out.set("process", JSON.valueToTree(s)));
      out.put("openFileLimit", openFileLimit);
      return out;
    }

    public static View fromJson(JsonNode json) throws JsonProcessingException {
      Optional<PortCounts> ports = json.hasNonNull("ports")
          ? Optional.of(JSON.treeToValue(json.get("ports"), PortCounts.class)) : Optional.empty();
      Optional<ProcessStats.Sample> process = json.hasNonNull("process")
          ? Optional.of(JSON.treeToValue(json.get("process"), ProcessStats.Sample.class)) : Optional.empty();
      return new View(ports, json.path("pid").asLong(-1), process, json.path("openFileLimit").asLong(-1));
    }
  }

  /**
   * The port's sockets and process {@code pid}'s figures; for {@code pid <= 0}, the process this host's side
   * watches by itself (an agent's {@code -Dagent.pid}), if any.
   */
  View read(int port, long pid);

  /** Where the figures come from, for the run's header. */
  String name();

  /** This host: sockets through netlink sock_diag (or /proc/net/tcp), the process from /proc. */
  static ServerHost here() {
    PortCountReader ports = PortCountReader.best();
    return new ServerHost() {
      private long limitOf = -1;
      private long limit = -1;

      @Override
      public synchronized View read(int port, long pid) {
        Optional<ProcessStats.Sample> process = pid > 0 ? ProcessStats.read(pid) : Optional.empty();
        if (process.isPresent() && (limitOf != pid || limit < 0)) { // read once per process
          limitOf = pid;
          limit = ProcessStats.openFileLimit(pid);
        }
        return new View(ports.read(port), pid, process, process.isPresent() ? limit : -1);
      }

      @Override
      public String name() {
        return "this host (" + ports.name() + ", /proc)";
      }
    };
  }
}
