package server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.Version;
import org.junit.jupiter.api.Test;

/**
 * The server must run on Netty 4.1.128.Final: from 4.1.129 on, wss connections die at the namespace step
 * (mrniko/netty-socketio#1062). ChurnServerTest shows the breakage itself; this names its cause.
 */
class NettyVersionTest {

  @Test
  void everyNettyModuleOnTheServerClasspathIs41128() {
    Version.identify().forEach((artifact, version) ->
        assertEquals("4.1.128.Final", version.artifactVersion(), artifact + " is not pinned by io.netty:netty-bom"));
  }
}
