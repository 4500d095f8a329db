package dev.marina.control.service;

import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import java.time.Duration;

/** How long a gateway's long poll of the topology feed may wait: its {@code waitMillis} query parameter. */
public final class TopologyWait {

    public static final String PARAMETER = "waitMillis";

    /** What a gateway asks for itself; the wait of a request that says nothing. */
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    /** Bounded so that a forgotten client holds no request open for long; a gateway's HTTP timeout must exceed it. */
    public static final Duration MAXIMUM = Duration.ofSeconds(30);

    private TopologyWait() {}

    /**
     * The wait {@code waitMillis} asks for; {@link #DEFAULT} when it is absent (null).
     *
     * @throws InvalidDocumentException naming {@code waitMillis} when it is not a whole number of milliseconds from 0
     *     to {@link #MAXIMUM}
     */
    public static Duration parse(String waitMillis) {
        if (waitMillis == null) {
            return DEFAULT;
        }
        try {
            long millis = Long.parseLong(waitMillis);
            if (millis >= 0 && millis <= MAXIMUM.toMillis()) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // Answered below, as an out-of-range number is.
        }
        throw new InvalidDocumentException(new FieldError(
                null,
                PARAMETER,
                "must be a whole number of milliseconds from 0 to " + MAXIMUM.toMillis() + ", got '" + waitMillis
                        + "'"));
    }
}
