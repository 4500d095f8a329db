package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Per-member storage. {@code size} is a Kubernetes quantity such as {@code 1Gi}; it may grow but never shrink. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageSpec(String size, String storageClassName) {}
