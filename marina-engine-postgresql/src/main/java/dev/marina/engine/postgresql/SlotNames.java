package dev.marina.engine.postgresql;

/** Replication slot names must be lower-case letters, digits and underscores: derive one from a member name. */
final class SlotNames {

    private SlotNames() {}

    static String forMember(String memberName) {
        return memberName.toLowerCase().replaceAll("[^a-z0-9_]", "_");
    }
}
