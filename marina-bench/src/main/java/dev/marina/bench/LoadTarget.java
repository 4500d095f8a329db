package dev.marina.bench;

import dev.marina.testkit.chaos.RedundancyProbe;

/**
 * Where a benchmark's writers go and how the cluster's redundancy is judged.
 *
 * @param url a JDBC URL that follows the primary: every member, {@code targetServerType=primary}
 */
record LoadTarget(String url, String user, String password, RedundancyProbe redundancy) {}
