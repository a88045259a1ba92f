package server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import lab.config.PropertyReader;
import org.junit.jupiter.api.Test;

/** docs/server.md has a line for every knob the server reads, every disconnect reason and every accept error. */
class ServerDocsTest {

  @Test
  void theServerPageNamesEveryKnobReasonAndError() throws Exception {
    String page = Files.readString(Path.of(System.getProperty("project.root", "..")).resolve("docs/server.md"));
    PropertyReader reader = new PropertyReader(new Properties());
    ServerConfig.from(reader);
    for (String knob : reader.asked()) {
      assertTrue(page.contains("`" + knob + "`"), "-D" + knob + " in docs/server.md");
    }
    for (DisconnectReason reason : DisconnectReason.values()) {
      assertTrue(page.contains(reason.label), reason.label + " in docs/server.md");
    }
    for (AcceptError error : AcceptError.values()) {
      assertTrue(page.contains(error.name()), error.name() + " in docs/server.md");
    }
  }
}
