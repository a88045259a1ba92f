package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole runs' Gatling JVM gets the injector options `mvn gatling:test` gives it, read from the one pom. */
class GatlingRunTest {

  @Test
  void theInjectorsXOptionsComeFromThePluginsJvmArgsWithTheHeapResolved(@TempDir Path dir) throws Exception {
    Path pom = dir.resolve("pom.xml");
    Files.writeString(pom, """
        <project><properties><injector.heap>768m</injector.heap></properties>
          <build><plugins><plugin><artifactId>gatling-maven-plugin</artifactId><configuration><jvmArgs>
            <jvmArg>-Xmx${injector.heap}</jvmArg>
            <jvmArg> -XX:+UseSerialGC </jvmArg>
            <jvmArg>-Dresults.dir=${results.dir}</jvmArg>
          </jvmArgs></configuration></plugin></plugins></build></project>
        """);
    assertEquals(List.of("-Xmx768m", "-XX:+UseSerialGC"), GatlingRun.injectorOptions(pom));
  }

  @Test
  void aPomWithoutThemIsSaidRatherThanRunWithout(@TempDir Path dir) throws Exception {
    Path pom = dir.resolve("pom.xml");
    Files.writeString(pom, "<project><properties><injector.heap>1g</injector.heap></properties></project>");
    assertEquals("no -X option in the jvmArgs of " + pom,
        assertThrows(IllegalStateException.class, () -> GatlingRun.injectorOptions(pom)).getMessage());
  }
}
