package dev.marina.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.testkit.chaos.RedundancyCheck;
import dev.marina.testkit.chaos.RedundancyProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * Full redundancy as the control plane reports it: the expected number of members, exactly one primary, and every
 * other member streaming on the primary's epoch (the control plane judges a replica by its own WAL receiver and
 * timeline, which needs the superuser; the checker verifies the data independently).
 */
final class MarinaRedundancy implements RedundancyProbe {

    private final ControlPlaneApi api;
    private final String cluster;
    private final int members;

    MarinaRedundancy(ControlPlaneApi api, String cluster, int members) {
        this.api = api;
        this.cluster = cluster;
        this.members = members;
    }

    @Override
    public RedundancyCheck check() {
        List<String> missing = new ArrayList<>();
        JsonNode status;
        try {
            status = api.cluster(cluster).path("status");
        } catch (RuntimeException e) {
            return new RedundancyCheck(List.of("control plane does not answer: " + e.getMessage()));
        }
        long epoch = status.path("epoch").asLong(-1);
        int primaries = 0;
        int seen = 0;
        for (JsonNode member : status.path("members")) {
            seen++;
            String name = member.path("name").asText();
            if ("primary".equals(member.path("role").asText())) {
                primaries++;
                continue;
            }
            if (!"streaming".equals(member.path("state").asText())
                    || member.path("epoch").asLong() != epoch) {
                missing.add(name + " is " + member.path("state").asText() + " on epoch "
                        + member.path("epoch").asText() + " (primary on " + epoch + ")");
            }
        }
        if (primaries != 1) {
            missing.add(primaries + " primaries");
        }
        if (seen != members) {
            missing.add(seen + " of " + members + " members");
        }
        return new RedundancyCheck(missing);
    }
}
