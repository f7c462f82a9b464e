package io.kafkaload.worker.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The spec of a KafkaConnection, as far as the worker uses it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionSpec(String bootstrapServers) {}
