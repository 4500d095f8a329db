package dev.marina.operator.render;

import dev.marina.control.member.MemberIdentity;

/** The names of a cluster's objects, in one place: the operator finds the objects it rendered by them. */
public final class ObjectNames {

    private ObjectNames() {}

    public static String memberConfig(MemberIdentity member) {
        return member.name() + "-config";
    }

    public static String memberSecret(MemberIdentity member) {
        return member.name() + "-secret";
    }

    public static String memberVolume(MemberIdentity member) {
        return member.name() + "-data";
    }

    /** The engine's generated passwords, the gateways' token and the agents' token. */
    public static String credentials(String cluster) {
        return cluster + "-credentials";
    }

    /** The server certificate and key client-facing members serve, and the cluster CA's certificate. */
    public static String tls(String cluster) {
        return cluster + "-tls";
    }

    /** What an application needs to connect: user, password, database, URI. */
    public static String application(String cluster) {
        return cluster + "-app";
    }

    public static String readWrite(String cluster) {
        return cluster + "-rw";
    }

    public static String readOnly(String cluster) {
        return cluster + "-ro";
    }

    /** The Service of a component whose members route clients (a gateway), and its disruption budget. */
    public static String component(String cluster, String component) {
        return cluster + "-" + component;
    }
}
