package simulations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.launch.ServerProcess;

/** The Node.js reference server of compare/node, started like the embedded one: it never outlives its parent. */
public final class NodeServer {

  private NodeServer() {}

  /** The folder of compare/node: from -Dcompare.node.dir (set by the build), else next to the working directory. */
  public static Path folder() {
    return Path.of(System.getProperty("compare.node.dir", "compare/node")).toAbsolutePath().normalize();
  }

  /** Starts {@code node server.js} on a free port (or {@code port}), its output going to {@code log}. */
  public static ServerProcess start(int port, Map<String, String> environment, Path log) throws IOException {
    Path dir = folder();
    if (!Files.isDirectory(dir.resolve("node_modules/socket.io"))) {
      throw new IOException("the Node reference server is not installed: run bash " + dir.resolve("install.sh"));
    }
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("PORT", Integer.toString(port));
    env.put("EXIT_WITH_PARENT", "true");
    return ServerProcess.start(List.of("node", dir.resolve("server.js").toString()), env, log, Duration.ofSeconds(30));
  }
}
