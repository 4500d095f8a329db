package dev.marina.api.http;

/** {@code GET /api/v1/status}: who is answering, from where. */
public record ServerStatus(
        String version, long pid, String address, String home, String startedAt, int clusters, String runtime) {}
