package dev.marina.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Client errors counted by their text, for a report: most frequent first, ties by text, so runs compare. */
final class Errors {

    private Errors() {}

    static Map<String, Long> mostFrequentFirst(Map<String, Long> counts) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        return ordered;
    }

    /** The counts of several measurements added up. */
    static Map<String, Long> sum(Collection<Map<String, Long>> counts) {
        Map<String, Long> total = new TreeMap<>();
        counts.forEach(each -> each.forEach((error, count) -> total.merge(error, count, Long::sum)));
        return mostFrequentFirst(total);
    }

    /** The first {@code limit} as {@code 3× text}. */
    static List<String> lines(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .limit(limit)
                .map(entry -> entry.getValue() + "× " + entry.getKey())
                .toList();
    }
}
