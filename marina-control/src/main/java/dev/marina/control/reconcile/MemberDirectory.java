package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.runtime.MemberRuntime;

/** Builds the context of a recorded member: where it lives and listens, with the cluster's credentials. */
final class MemberDirectory {

    private final MemberRuntime runtime;

    MemberDirectory(MemberRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    MemberContext context(ClusterSpec spec, MemberRecord record, Credentials credentials) {
        return new MemberContext(
                spec,
                record.identity(),
                new Endpoint(runtime.host(record.identity()), record.ports()),
                runtime.layout(record.identity()),
                credentials);
    }
}
