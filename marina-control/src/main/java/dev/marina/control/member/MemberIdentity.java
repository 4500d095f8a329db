package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/** A member's stable name: {@code <cluster>-<component>-<ordinal>}. Ordinals are never reused. */
public record MemberIdentity(String cluster, String component, int ordinal) implements Comparable<MemberIdentity> {

    private static final Comparator<MemberIdentity> ORDER = Comparator.comparing(MemberIdentity::cluster)
            .thenComparing(MemberIdentity::component)
            .thenComparingInt(MemberIdentity::ordinal);

    public MemberIdentity {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(component, "component is null");
        if (ordinal < 0) {
            throw new IllegalArgumentException("ordinal is negative: " + ordinal);
        }
    }

    public String name() {
        return cluster + "-" + component + "-" + ordinal;
    }

    @Override
    public int compareTo(MemberIdentity other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return name();
    }
}
