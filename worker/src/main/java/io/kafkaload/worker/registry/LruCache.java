package io.kafkaload.worker.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small synchronized least-recently-used map: schemas are immutable, so entries never expire, but
 * a topic written with very many schemas must not grow the worker's memory without bound.
 */
final class LruCache<K, V> {
  private final Map<K, V> map;

  LruCache(int maxEntries) {
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > maxEntries;
          }
        };
  }

  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }

  synchronized void remove(K key) {
    map.remove(key);
  }

  synchronized int size() {
    return map.size();
  }
}
