package dev.marina.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Something the control plane decided or noticed, for {@code marina describe}. {@code type} is Normal or Warning. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterEvent(
        long id, String time, String cluster, String member, String type, String reason, String message) {}
