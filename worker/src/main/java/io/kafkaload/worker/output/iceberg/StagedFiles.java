package io.kafkaload.worker.output.iceberg;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;

/**
 * What a batch's writing hands to the commit protocol ({@link SnapshotCommit}): the closed data
 * files of its chunks (on storage, not yet in the table), the offset ranges they hold, and what the
 * snapshot summary records of them. The value between the two halves of a commit, as a data
 * writer's result is between writing and committing in Flink's FileSink or Iceberg's Kafka Connect
 * sink: the commit never sees a row, the writing never sees the table's history.
 *
 * @param commitId the commit's unique id ({@value IcebergCommitter#COMMIT_ID}), also in the data
 *     files' names
 * @param files the data files to register
 * @param ranges per topic and partition, {@code [start, next]} of the chunks (in offset order,
 *     contiguous)
 * @param records the rows in the files
 * @param maxTimestamp the newest record timestamp of the chunks, or null when unknown
 */
record StagedFiles(
    String commitId,
    List<DataFile> files,
    Map<String, Map<Integer, long[]>> ranges,
    long records,
    Instant maxTimestamp) {}
