package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.config.PropertyReader;
import lab.timeline.TimelineColumns;
import org.junit.jupiter.api.Test;
import simulations.report.Cause;

/** The docs say what the code does: no broken link, and every cause, column and knob has its line. */
class DocsTest {

  private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#+\\s+(.+)$");

  @Test
  void everyLinkOfTheReadmeAndTheDocsResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("compare/node/README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String link = m.group(1);
        if (link.startsWith("http://") || link.startsWith("https://")) {
          continue;
        }
        String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
        String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
        Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(target)) {
          broken.add(ROOT.relativize(page) + ": " + link);
        } else if (anchor != null && !anchors(target).contains(anchor)) {
          broken.add(ROOT.relativize(page) + ": " + link + " (no such heading)");
        }
      }
    }
    assertEquals(List.of(), broken);
    assertTrue(Files.readAllLines(ROOT.resolve("README.md")).size() <= 150, "the README is a front door");
  }

  @Test
  void theVerdictPageNamesEveryCauseAndTheReportPageEveryColumn() throws IOException {
    String verdict = Files.readString(ROOT.resolve("docs/verdict.md"));
    for (Cause cause : Cause.values()) {
      assertTrue(verdict.contains("`" + cause.label + "`"), cause.label + " in docs/verdict.md");
    }
    String report = Files.readString(ROOT.resolve("docs/report.md"));
    for (String column : TimelineColumns.names()) {
      assertTrue(report.contains("`" + column + "`"), column + " in docs/report.md");
    }
  }

  /** Every property the configuration reads, asked of a reader that notes them, has its row in the docs. */
  @Test
  void theConfigurationPageNamesEveryKnobTheGatlingJvmReads() throws IOException {
    String configuration = Files.readString(ROOT.resolve("docs/configuration.md"));
    for (ChurnConfig.Defaults defaults : List.of(ChurnConfig.SEED, ChurnConfig.SEARCH)) {
      PropertyReader reader = new PropertyReader(new Properties());
      ChurnConfig.from(reader, defaults);
      for (String knob : reader.asked()) {
        if (knob.equals("step") || knob.equals("break.pingP99")) {
          continue; // read only to say they were renamed
        }
        assertTrue(configuration.contains("`" + knob + "`") || configuration.contains("`" + knob + "`,")
            || configuration.contains(", `" + knob + "`"), "-D" + knob + " in docs/configuration.md");
      }
    }
  }

  /** GitHub's anchors: the heading in lower case, punctuation dropped, spaces as hyphens. */
  private static List<String> anchors(Path page) throws IOException {
    List<String> anchors = new ArrayList<>();
    Matcher m = HEADING.matcher(Files.readString(page));
    while (m.find()) {
      anchors.add(m.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
    }
    return anchors;
  }
}
