package dev.marina.bench;

import dev.marina.testkit.chaos.ChaosReport;
import dev.marina.testkit.chaos.ChaosReport.WriteGap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one failover round measured.
 *
 * @param delaySeconds how long the load ran before the kill, chosen at random
 * @param gap the writes refused around the kill: from the last acknowledgement on the old epoch to the first on a newer
 *     one
 * @param faultGap the testkit's measure of the same: up to the first acknowledgement of a write sent after the kill,
 *     which the old primary's surviving backends may give
 * @param acknowledged writes acknowledged in the round
 * @param lost acknowledged writes missing afterwards
 * @param redundancySeconds from the kill until every member followed the new primary, when measured
 * @param problems broken promises (lost writes, two primaries, writes that never came back) and recoveries that did
 *     not finish, one sentence each
 */
record RoundMeasurement(
        double delaySeconds,
        EpochGap gap,
        WriteGap faultGap,
        int acknowledged,
        int lost,
        Optional<Double> redundancySeconds,
        List<String> problems) {

    RoundMeasurement {
        problems = List.copyOf(problems);
    }

    static RoundMeasurement of(double delaySeconds, EpochGap gap, ChaosReport report, List<String> unfinished) {
        List<String> problems = new ArrayList<>(report.problems());
        if (!gap.closed()) {
            problems.add("no write was acknowledged on a newer epoch after the kill");
        }
        problems.addAll(unfinished);
        return new RoundMeasurement(
                delaySeconds,
                gap,
                report.faultGaps().get(0),
                report.acknowledged(),
                report.lost().size(),
                report.timeToFullRedundancy().map(duration -> duration.toNanos() / 1e9),
                problems);
    }

    double gapSeconds() {
        return gap.seconds();
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("delaySeconds", delaySeconds);
        json.put("gapSeconds", gap.seconds());
        json.put("gapClosed", gap.closed());
        json.put("acknowledgedOnOldEpochAfterKill", gap.oldEpochAfterFault());
        json.put("testkitFaultGapSeconds", faultGap.seconds());
        json.put("acknowledged", acknowledged);
        json.put("lost", lost);
        json.put("redundancySeconds", redundancySeconds.orElse(null));
        json.put("problems", problems);
        return json;
    }
}
