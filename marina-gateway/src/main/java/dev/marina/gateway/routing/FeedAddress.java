package dev.marina.gateway.routing;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the topology feed is: a fixed URL, or the feed of {@code cluster} under the base URL a file holds. Marina's
 * control plane writes that file each time it starts (its port may change), so the gateway reads it before every
 * request: a gateway started by one control plane keeps following the next.
 */
public sealed interface FeedAddress {

    /** The feed's URL now. */
    String url();

    static FeedAddress of(GatewayConfig.TopologySource source, String cluster) {
        return source.url() != null
                ? new Fixed(source.url())
                : new FromFile(Path.of(source.addressFile()), requireNonNull(cluster, "cluster is null"));
    }

    /** A URL that never changes. */
    record Fixed(String url) implements FeedAddress {

        @Override
        public String toString() {
            return url;
        }
    }

    /** The feed under the base URL in {@code file}. */
    record FromFile(Path file, String cluster) implements FeedAddress {

        @Override
        public String url() {
            try {
                String base = Files.readString(file, StandardCharsets.UTF_8).trim();
                while (base.endsWith("/")) {
                    base = base.substring(0, base.length() - 1);
                }
                return base + "/api/v1/clusters/" + URLEncoder.encode(cluster, StandardCharsets.UTF_8) + "/topology";
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the control plane's address from " + file, e);
            }
        }

        @Override
        public String toString() {
            return "the feed of " + cluster + " at the address in " + file;
        }
    }
}
