package io.kafkaload.worker.output.files;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * File-system errors in words: Java's own messages are often only the path ({@code
 * AccessDeniedException: /data/out}) or two paths ({@code src -> dst}), which do not say what
 * failed.
 */
public final class PathErrors {
  private PathErrors() {}

  /** What failed and on which path(s), e.g. "permission denied: /data/out". */
  public static String describe(Throwable e) {
    if (!(e instanceof FileSystemException fs)) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    String what;
    if (fs instanceof AccessDeniedException) {
      what = "permission denied (or a read-only file system)";
    } else if (fs instanceof NoSuchFileException) {
      what = "no such file or folder";
    } else if (fs instanceof NotDirectoryException) {
      what = "not a folder";
    } else if (fs instanceof FileAlreadyExistsException) {
      what =
          fs.getFile() != null
                  && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(fs.getFile()))
              ? "not a folder (a file of that name is in the way)"
              : "already exists";
    } else if (fs instanceof DirectoryNotEmptyException) {
      what = "folder not empty";
    } else if ("Not a directory".equals(fs.getReason())) {
      what = "not a folder (a part of the path is a file)";
    } else {
      what = fs.getReason() == null ? "file system error" : fs.getReason().toLowerCase();
    }
    if (fs.getReason() != null
        && !what.equalsIgnoreCase(fs.getReason())
        && !"Not a directory".equals(fs.getReason())) {
      what = what + ", " + fs.getReason();
    }
    String where = fs.getFile() == null ? "" : fs.getFile();
    if (fs.getOtherFile() != null) {
      where = where + " -> " + fs.getOtherFile();
    }
    return what + (where.isEmpty() ? "" : ": " + where);
  }

  /**
   * {@code path} created if needed, as a real path; or the error that names {@code what} (the
   * field, e.g. {@code sink.files.path}) and the fix. With {@code mustBeWritable}, a folder this
   * process cannot write is refused at once rather than at its first file.
   */
  public static java.nio.file.Path folder(
      java.nio.file.Path path, String what, boolean mustBeWritable) throws java.io.IOException {
    try {
      java.nio.file.Files.createDirectories(path);
      if (mustBeWritable && !java.nio.file.Files.isWritable(path)) {
        throw new AccessDeniedException(path.toString());
      }
      return path.toRealPath();
    } catch (FileSystemException e) {
      throw new io.kafkaload.worker.config.ConfigException(
          what
              + " "
              + path
              + ": "
              + describe(e)
              + "; give a folder this worker can create and write",
          e);
    }
  }
}
