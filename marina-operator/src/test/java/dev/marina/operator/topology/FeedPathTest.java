package dev.marina.operator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedPathTest {

    @Test
    void theBaseUrlNamesTheNamespaceUnderTheOperatorsUrl() {
        assertThat(FeedPath.base("http://marina-operator.marina-system.svc:8080", "shop"))
                .isEqualTo("http://marina-operator.marina-system.svc:8080/namespaces/shop");
        assertThat(FeedPath.base("https://marina.example.com/operator//", "shop"))
                .isEqualTo("https://marina.example.com/operator/namespaces/shop");
    }

    /** A gateway appends the local control plane's route to the base URL (marina-gateway's FeedAddress). */
    @Test
    void whatAGatewayAppendsToTheBaseUrlIsTheFeedOfItsCluster() {
        String url = FeedPath.base("http://marina-operator.marina-system.svc:8080", "shop")
                + "/api/v1/clusters/orders/topology";

        assertThat(FeedPath.parse(URI.create(url).getRawPath())).contains(new FeedPath("shop", "orders"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/clusters/orders/topology",
                "/namespaces/shop/api/v1/clusters/orders/topology/",
                "/namespaces/shop/api/v1/clusters/orders",
                "/namespaces/shop/api/v1/clusters//topology",
                "/namespaces//api/v1/clusters/orders/topology",
                "/namespaces/shop/api/v2/clusters/orders/topology",
                "/namespaces/shop/api/v1/clusters/orders/events",
                "/namespaces/shop/extra/api/v1/clusters/orders/topology",
                "/namespaces/shop",
                ""
            })
    void noOtherPathIsAFeed(String path) {
        assertThat(FeedPath.parse(path)).isEmpty();
    }
}
