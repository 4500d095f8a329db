package dev.marina.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the control plane's status and events say about one cluster, read through the HTTP API at each call. */
final class ClusterStatusReader {

    private final ControlPlaneApi api;
    private final String cluster;

    ClusterStatusReader(ControlPlaneApi api, String cluster) {
        this.api = api;
        this.cluster = cluster;
    }

    String primary() {
        return api.cluster(cluster).path("status").path("primary").asText();
    }

    List<String> replicas() {
        List<String> names = new ArrayList<>();
        for (JsonNode member : members()) {
            if ("replica".equals(member.path("role").asText())) {
                names.add(member.path("name").asText());
            }
        }
        return names;
    }

    String role(String member) {
        return field(member, "role");
    }

    /** The postmaster's pid; 0 while the member has none. */
    long pid(String member) {
        return pids().getOrDefault(member, 0L);
    }

    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (JsonNode member : members()) {
            pids.put(member.path("name").asText(), member.path("pid").asLong());
        }
        return pids;
    }

    Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (JsonNode member : members()) {
            endpoints.put(member.path("name").asText(), member.path("endpoint").asText());
        }
        return endpoints;
    }

    List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        api.events(cluster).forEach(event -> reasons.add(event.path("reason").asText()));
        return reasons;
    }

    long count(String reason) {
        return reasons().stream().filter(reason::equals).count();
    }

    /** The member and message of every event of one reason, oldest first. */
    List<String> events(String reason) {
        List<String> found = new ArrayList<>();
        api.events(cluster).forEach(event -> {
            if (event.path("reason").asText().equals(reason)) {
                found.add(event.path("member").asText() + ": "
                        + event.path("message").asText());
            }
        });
        return found;
    }

    private JsonNode members() {
        return api.cluster(cluster).path("status").path("members");
    }

    private String field(String member, String name) {
        for (JsonNode candidate : members()) {
            if (candidate.path("name").asText().equals(member)) {
                return candidate.path(name).asText();
            }
        }
        return "";
    }
}
