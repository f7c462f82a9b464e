package io.kafkaload.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings that lock an embedded DuckDB down before it sees a load's SQL, in the order
 * DEPENDENCIES.md prescribes. Both sides open one: the operator to parse the SQL at apply time (a
 * DuckDB that may touch no file), the worker to run it (one that may touch its scratch folder only,
 * {@code transform/LockedDownDuckDb}, which puts its own settings between the two lists). Each is a
 * {@code SET} statement to run in order, alone.
 */
public final class DuckDbLockdown {

  /**
   * First, before anything else: no extension is installed or loaded by itself (DuckDB would reach
   * for the network and write into the home folder), nor a community one.
   */
  public static final List<String> EXTENSIONS_OFF =
      List.of(
          "SET autoinstall_known_extensions = false",
          "SET autoload_known_extensions = false",
          "SET allow_community_extensions = false");

  /**
   * Last, after the settings that need file access ({@code temp_directory}, {@code
   * allowed_directories}): no file or network access beyond the allowed folders (which also forbids
   * {@code INSTALL}, {@code LOAD} and {@code ATTACH} of files and {@code COPY} elsewhere), then no
   * statement may change a setting any more.
   */
  public static final List<String> SEAL =
      List.of("SET enable_external_access = false", "SET lock_configuration = true");

  private DuckDbLockdown() {}

  /**
   * The whole lockdown of a DuckDB that may touch no file: {@link #EXTENSIONS_OFF}, {@link #SEAL}.
   */
  public static List<String> withoutFiles() {
    List<String> all = new ArrayList<>(EXTENSIONS_OFF);
    all.addAll(SEAL);
    return List.copyOf(all);
  }
}
