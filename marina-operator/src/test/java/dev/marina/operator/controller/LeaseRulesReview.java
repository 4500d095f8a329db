package dev.marina.operator.controller;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * The Operator SDK asks the API server what it may do with Leases before competing; the mock server has no
 * authorization, so it is told the answer a chart-installed operator gets.
 */
final class LeaseRulesReview {

    private LeaseRulesReview() {}

    static void answerOn(KubernetesMockServer server) {
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, leaseRules())
                .always();
    }

    private static SelfSubjectRulesReview leaseRules() {
        return new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .withResourceRules(new ResourceRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("create", "get", "update")
                        .build())
                .endStatus()
                .build();
    }
}
