package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;

/** Everything an engine needs to know about one member to render, act on or probe it. */
public record MemberContext(
        ClusterSpec spec, MemberIdentity identity, Endpoint endpoint, MemberLayout layout, Credentials credentials) {

    public MemberContext {
        requireNonNull(spec, "spec is null");
        requireNonNull(identity, "identity is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(layout, "layout is null");
        requireNonNull(credentials, "credentials is null");
    }

    public String name() {
        return identity.name();
    }
}
