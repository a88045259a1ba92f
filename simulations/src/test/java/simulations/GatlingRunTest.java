package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole runs' Gatling JVM gets the injector's JVM options `mvn gatling:test` gives it, read from the one pom. */
class GatlingRunTest {

  @Test
  void theInjectorsJvmOptionsComeFromThePluginsJvmArgsWithTheirPropertiesResolved(@TempDir Path dir) throws Exception {
    Path pom = dir.resolve("pom.xml");
    Files.writeString(pom, """
        <project><properties><injector.heap>768m</injector.heap><fixture.groups>x25519</fixture.groups></properties>
          <build><plugins><plugin><artifactId>gatling-maven-plugin</artifactId><configuration><jvmArgs>
            <jvmArg>-Xmx${injector.heap}</jvmArg>
            <jvmArg> -XX:+UseSerialGC </jvmArg>
            <jvmArg>-Djdk.tls.namedGroups=${fixture.groups}</jvmArg>
            <jvmArg>-Dio.netty.eventLoopThreads=2</jvmArg>
            <jvmArg>-Dresults.dir=${results.dir}</jvmArg>
          </jvmArgs></configuration></plugin></plugins></build></project>
        """);
    assertEquals(List.of("-Xmx768m", "-XX:+UseSerialGC", "-Djdk.tls.namedGroups=x25519",
        "-Dio.netty.eventLoopThreads=2"), GatlingRun.injectorOptions(pom));
    // as on a mvn command line, a system property of the same name wins over the pom's
    System.setProperty("fixture.groups", "X25519MLKEM768,x25519");
    try {
      assertEquals("-Djdk.tls.namedGroups=X25519MLKEM768,x25519", GatlingRun.injectorOptions(pom).get(2));
    } finally {
      System.clearProperty("fixture.groups");
    }
  }

  @Test
  void aPropertyThePomDoesNotDefineIsSaid(@TempDir Path dir) throws Exception {
    Path pom = dir.resolve("pom.xml");
    Files.writeString(pom, """
        <project><build><plugins><plugin><configuration><jvmArgs>
          <jvmArg>-Xmx${no.such.heap}</jvmArg>
        </jvmArgs></configuration></plugin></plugins></build></project>
        """);
    assertEquals(pom + " has no property no.such.heap for the jvmArg -Xmx${no.such.heap}",
        assertThrows(IllegalStateException.class, () -> GatlingRun.injectorOptions(pom)).getMessage());
  }

  @Test
  void aPomWithoutThemIsSaidRatherThanRunWithout(@TempDir Path dir) throws Exception {
    Path pom = dir.resolve("pom.xml");
    Files.writeString(pom, "<project><properties><injector.heap>1g</injector.heap></properties></project>");
    assertEquals("no -X option in the jvmArgs of " + pom,
        assertThrows(IllegalStateException.class, () -> GatlingRun.injectorOptions(pom)).getMessage());
  }
}
