package simulations.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A merged run's index.html (bench/merge.sh): its verdict, its server timeline and summary, and each shard's own
 * Gatling report, where a run's index.html is Gatling's (so server.html's "Gatling report" link leads here).
 */
public final class ShardIndex {

  /** One shard's line: its {@code i/N}, its folder inside the merged run's, and what its clients saw. */
  public record Entry(String shard, String folder, String seen) {}

  private ShardIndex() {}

  public static void write(Path run, String title, String verdictLine, List<Entry> shards) throws IOException {
    StringBuilder rows = new StringBuilder();
    for (Entry e : shards) {
      String folder = Html.escape(e.folder());
      boolean report = Files.exists(run.resolve(e.folder()).resolve("index.html"));
      rows.append("  <li>shard ").append(Html.escape(e.shard())).append(": ")
          .append(report ? "<a href=\"" + folder + "/index.html\">its Gatling report</a>" : "no Gatling report")
          .append(", <a href=\"").append(folder).append("/server.html\">its page</a>, <a href=\"").append(folder)
          .append("/summary.json\">its own summary</a> (").append(Html.escape(e.seen())).append(")</li>\n");
    }
    String page = "<!DOCTYPE html>\n<!-- Written by simulations.report.ShardIndex for a merge of shards' folders. -->\n"
        + "<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n<title>" + Html.escape(title) + "</title>\n<style>\n"
        + "  body { margin: 0; padding: 16px 24px; background: #f2f2f2; color: #1f2024; font: 14px/1.5 Arial, sans-serif; }\n"
        + "  a { color: #2f6fd1; }\n"
        + "  .verdict { font-size: 20px; font-weight: bold; padding: 10px 14px; border-radius: 4px; border-left: 8px solid; }\n"
        + "  .verdict.pass { background: #e3f4e0; border-color: #2e8b3e; color: #1d5e28; }\n"
        + "  .verdict.fail { background: #fbe1df; border-color: #c62828; color: #8e1c1c; }\n"
        + "  .verdict.neutral { background: #eceff3; border-color: #778; }\n</style>\n</head>\n<body>\n"
        + "<h1>" + Html.escape(title) + "</h1>\n"
        + "<div class=\"verdict " + Html.verdictClass(verdictLine) + "\">" + Html.escape(verdictLine) + "</div>\n"
        + "<p><a href=\"server.html\">The server timeline</a> (all the shards' clients) and "
        + "<a href=\"summary.json\">summary.json</a>: the verdict of the shards merged.</p>\n<ul>\n" + rows + "</ul>\n"
        + "</body>\n</html>\n";
    Files.writeString(run.resolve("index.html"), page, StandardCharsets.UTF_8);
  }
}
