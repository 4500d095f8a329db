package dev.marina.operator.crd;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.function.Consumer;

/** Gives the mock server's client the serialization the operator uses (the model's is-getters are not fields). */
public final class ModelSerializationCustomizer implements Consumer<KubernetesClientBuilder> {

    @Override
    public void accept(KubernetesClientBuilder builder) {
        builder.withKubernetesSerialization(ResourceSerialization.create());
    }
}
