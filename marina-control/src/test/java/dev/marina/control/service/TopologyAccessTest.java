package dev.marina.control.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopologyAccessTest {

    private static final Map<String, String> SECRETS = Map.of("orders", "orders-secret", "billing", "billing-secret");

    private final List<String> asked = new ArrayList<>();
    private final TopologyAccess access = new TopologyAccess(cluster -> {
        asked.add(cluster);
        return Optional.ofNullable(SECRETS.get(cluster));
    });

    @Test
    void theClustersGatewaySecretOpensItsTopology() {
        assertThat(access.admits("orders", "Bearer orders-secret")).isTrue();
        assertThat(access.admits("orders", "bearer orders-secret"))
                .as("the scheme's case does not matter (RFC 7235)")
                .isTrue();
    }

    @Test
    void anotherClustersSecretAWrongOneOrNoneOpensNothing() {
        assertThat(access.admits("orders", "Bearer billing-secret")).isFalse();
        assertThat(access.admits("orders", "Bearer orders-secreT")).isFalse();
        assertThat(access.admits("orders", "Bearer orders-secret ")).isFalse();
        assertThat(access.admits("orders", "orders-secret")).isFalse();
        assertThat(access.admits("orders", "Basic orders-secret")).isFalse();
        assertThat(access.admits("orders", "Bearer ")).isFalse();
        assertThat(access.admits("orders", null)).isFalse();
    }

    @Test
    void anUnknownClusterAdmitsNobody() {
        assertThat(access.admits("nope", "Bearer orders-secret")).isFalse();
        assertThat(access.admits("nope", "Bearer ")).isFalse();
    }

    @Test
    void aNameNoClusterCanHaveIsRefusedWithoutAskingTheStore() {
        assertThat(access.admits("Orders", "Bearer orders-secret")).isFalse();
        assertThat(access.admits("../orders", "Bearer orders-secret")).isFalse();
        assertThat(access.admits("", "Bearer orders-secret")).isFalse();
        assertThat(access.admits(null, "Bearer orders-secret")).isFalse();

        assertThat(asked).isEmpty();
    }

    @Test
    void anEmptySecretOpensNothing() {
        TopologyAccess withEmptySecret = new TopologyAccess(cluster -> Optional.of(""));

        assertThat(withEmptySecret.admits("orders", "Bearer ")).isFalse();
        assertThat(withEmptySecret.admits("orders", "Bearer")).isFalse();
    }
}
