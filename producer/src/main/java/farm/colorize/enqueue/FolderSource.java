package farm.colorize.enqueue;

import farm.colorize.jobs.JobException;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The files under a local folder, each to be uploaded to {@code uploadTo} + its relative path.
 * The walk is depth first with each folder's names sorted, so relative paths compared segment by
 * segment come in order, and a position (a relative path) says exactly which files came before.
 * Only the names of the folders on the current path are held; hidden folders and links to folders
 * are reported, never entered.
 */
final class FolderSource implements Source {
  /** A folder's names are sorted in memory; past this, upload it with other tools and enqueue the prefix. */
  static final int MAX_ENTRIES_PER_FOLDER = 1_000_000;

  private final Path root;
  private final ObjectUri uploadTo;

  FolderSource(Path root, ObjectUri uploadTo) {
    this.root = root.toAbsolutePath().normalize();
    this.uploadTo = uploadTo;
  }

  @Override
  public Stream<SourceItem> items(String position) {
    List<String> after = position == null ? null : Arrays.asList(position.split("/"));
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new Walk(after),
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public String describe() {
    return root.toString();
  }

  /** Segment by segment; a folder comes before what it holds. */
  static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int order = a.get(i).compareTo(b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private record Folder(List<String> path, Iterator<String> names) {}

  private final class Walk implements Iterator<SourceItem> {
    private final List<String> after;
    private final Deque<Folder> stack = new ArrayDeque<>();
    private SourceItem next;

    Walk(List<String> after) {
      this.after = after;
      try {
        stack.push(new Folder(List.of(), sortedNames(root)));
      } catch (IOException e) {
        throw new JobException("Cannot list the folder " + root + ": " + e, e);
      }
    }

    @Override
    public boolean hasNext() {
      while (next == null && !stack.isEmpty()) {
        Folder folder = stack.peek();
        if (!folder.names().hasNext()) {
          stack.pop();
          continue;
        }
        List<String> path = new ArrayList<>(folder.path());
        path.add(folder.names().next());
        next = visit(path);
      }
      return next != null;
    }

    @Override
    public SourceItem next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SourceItem item = next;
      next = null;
      return item;
    }

    /** The item for {@code path}, or null when it is passed over (or entered, for a folder). */
    private SourceItem visit(List<String> path) {
      boolean later = after == null || compare(path, after) > 0;
      boolean holdsCheckpoint = !later && after.size() > path.size() && after.subList(0, path.size()).equals(path);
      if (!later && !holdsCheckpoint) {
        return null;
      }
      Path file = root.resolve(String.join("/", path));
      String relative = String.join("/", path);
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
          if (Files.isDirectory(file)) {
            return later ? SourceItem.rejected(relative, relative, Skip.UNREADABLE, "a link to a folder") : null;
          }
          attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        if (attributes.isDirectory() && !path.get(path.size() - 1).startsWith(".")) {
          stack.push(new Folder(path, sortedNames(file)));
          return null;
        }
        return later ? SourceItem.file(relative, relative, file, uploadTo.resolve(relative),
            attributes.isDirectory() ? SourceItem.UNKNOWN_SIZE : attributes.size()) : null;
      } catch (IOException | IllegalArgumentException e) {
        // Unreadable, vanished, or a path too long for an S3 key: the rest of the folder goes on.
        return later ? SourceItem.rejected(relative, relative, Skip.UNREADABLE, e.getMessage()) : null;
      }
    }

    private Iterator<String> sortedNames(Path folder) throws IOException {
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          if (names.size() == MAX_ENTRIES_PER_FOLDER) {
            throw new JobException("The folder " + folder + " holds more than " + MAX_ENTRIES_PER_FOLDER
                + " entries; upload it with another tool and enqueue its S3 prefix");
          }
          names.add(entry.getFileName().toString());
        }
      }
      names.sort(null);
      return names.iterator();
    }
  }
}
