package server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads every class of this server before it takes connections. From a folder of class files (as the lab runs
 * it), each class is read from its own file when first used; at the open-file limit that file cannot be opened,
 * and a class that failed to load never loads: every connection after it would fail, long after files are free
 * again. From a jar, the one open jar serves them all and nothing needs doing.
 */
final class ServerClasses {

  private ServerClasses() {}

  static void loadAll() {
    Path root;
    try {
      root = Path.of(ServerClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return;
    }
    if (!Files.isDirectory(root)) {
      return;
    }
    List<String> names;
    try (Stream<Path> files = Files.walk(root.resolve("server"))) {
      names = files.map(root::relativize).map(Path::toString).filter(n -> n.endsWith(".class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the server's classes in " + root, e);
    }
    for (String name : names) {
      try {
        Class.forName(name, false, ServerClasses.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("cannot load " + name + ": " + e, e);
      }
    }
  }
}
