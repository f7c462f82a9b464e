package io.kafkaload.worker.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The places of a load's rows that {@link InferableRow}'s rules remember: a tree from the row's
 * object, a place reached by lower-case member names and "an element of this array" steps, each
 * holding the first spelling of its member name and the kind of its values; and the undo log of the
 * row being checked, so that a rejected row (or one past {@link #MAX_PLACES}) teaches the load
 * nothing. One instance per {@link InferableRow}; not thread-safe.
 */
final class LoadPlaces {

  /** Places remembered per load; past this, new places are not checked (a map's many keys). */
  static final int MAX_PLACES = 200_000;

  /** A place of the load's rows. */
  static final class Place {
    final Place parent;
    final String name; // the lower-case member name; null for an array's element
    final int length; // of the place's path: one per step plus the names' characters
    HashMap<String, Place> members;
    Place element;
    String spelling; // of a member: the first spelling of its name
    char kind; // 0: none yet
    long object; // the stamp of the object whose member this place was last
    long changedIn; // the row that last changed spelling or kind
    // where the members of objects at this place were last met, so that rows of one shape find
    // each member without a lookup: the first member, and the member after this one
    Place firstHint;
    Place nextHint;
    boolean removed; // undone: a hint to it is stale

    Place(Place parent, String name, int length) {
      this.parent = parent;
      this.name = name;
      this.length = length;
    }
  }

  final Place root = new Place(null, null, 0);
  private int placeCount;
  // what the row changed, undone when it is rejected (or when the load has too many places)
  private final List<Place> created = new ArrayList<>();
  private final List<Place> changed = new ArrayList<>();
  private final List<String> changedSpellings = new ArrayList<>();
  private final StringBuilder changedKinds = new StringBuilder();
  private long rows;

  /** Starts a row. */
  void beginRow() {
    rows++;
  }

  /**
   * Ends the row: its places, spellings and kinds stay the load's when {@code keep}, else they are
   * undone. Returns whether they stayed (not past the bound of places).
   */
  boolean endRow(boolean keep) {
    boolean kept = keep && placeCount <= MAX_PLACES;
    if (!kept) {
      undo(); // a rejected row teaches the load nothing; past the bound, new places are not kept
    }
    created.clear();
    changed.clear();
    changedSpellings.clear();
    changedKinds.setLength(0);
    return kept;
  }

  private void undo() {
    for (int i = changed.size() - 1; i >= 0; i--) {
      Place place = changed.get(i);
      place.spelling = changedSpellings.get(i);
      place.kind = changedKinds.charAt(i);
    }
    for (Place place : created) {
      place.removed = true;
      if (place.name == null) {
        place.parent.element = null;
      } else if (place.parent.members != null) {
        place.parent.members.remove(place.name);
      }
    }
    placeCount -= created.size();
  }

  /** Notes the spelling and kind of {@code place} before the row first changes them. */
  void changing(Place place) {
    if (place.changedIn != rows) {
      place.changedIn = rows;
      changed.add(place);
      changedSpellings.add(place.spelling);
      changedKinds.append(place.kind);
    }
  }

  /** The place of member {@code lower} of the object at {@code parent}, made when new. */
  Place member(Place parent, String lower) {
    if (parent.members == null) {
      parent.members = new HashMap<>();
    }
    Place place = parent.members.get(lower);
    if (place == null) {
      place = new Place(parent, lower, parent.length + 1 + lower.length());
      parent.members.put(lower, place);
      created.add(place);
      placeCount++;
    }
    return place;
  }

  /** The place of the elements of the array at {@code parent}, made when new. */
  Place element(Place parent) {
    Place place = parent.element;
    if (place == null) {
      place = new Place(parent, null, parent.length + 1);
      parent.element = place;
      created.add(place);
      placeCount++;
    }
    return place;
  }
}
