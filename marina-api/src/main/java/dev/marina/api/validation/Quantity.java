package dev.marina.api.validation;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes resource quantity ({@code 1Gi}, {@code 500M}, {@code 250m}, {@code 2}), read as a plain number. */
public final class Quantity {

    /**
     * The accepted form, as the custom resource definitions check it too (without the surrounding white space that
     * {@link #parse} forgives). RE2 and Java read it alike.
     */
    public static final String PATTERN = "^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$";

    private static final Pattern FORMAT = Pattern.compile(PATTERN);
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)),
            Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
            Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
            Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
            Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private Quantity() {}

    /** The value of {@code text}, or empty when it is not a quantity. */
    public static Optional<BigDecimal> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String suffix = matcher.group(2) == null ? "" : matcher.group(2);
        return Optional.of(new BigDecimal(matcher.group(1)).multiply(SUFFIXES.get(suffix)));
    }

    /** Bytes in a memory or storage quantity, rounded down. */
    public static long bytes(String text) {
        return parse(text)
                .orElseThrow(() -> new IllegalArgumentException("not a quantity: " + text))
                .longValue();
    }
}
