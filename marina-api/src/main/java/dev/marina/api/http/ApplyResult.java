package dev.marina.api.http;

import java.util.List;

/** What {@code POST /api/v1/apply} did to each document: {@code created}, {@code configured} or {@code unchanged}. */
public record ApplyResult(List<Applied> applied) {

    public ApplyResult {
        applied = List.copyOf(applied);
    }

    public record Applied(String kind, String name, String action, long generation) {}
}
