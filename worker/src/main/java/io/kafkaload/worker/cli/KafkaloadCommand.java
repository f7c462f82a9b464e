package io.kafkaload.worker.cli;

/** Entry point of the {@code kafkaload} command line (being wired). */
public final class KafkaloadCommand {
  public static void main(String[] args) {
    System.out.println("kafkaload");
  }
}
