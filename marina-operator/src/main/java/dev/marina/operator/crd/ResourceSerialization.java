package dev.marina.operator.crd;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * fabric8's serialization, told what marina-api's own mapper knows: the model records carry helpers such as
 * {@code isReady()} and {@code isSynchronous()} that are not fields. Without this, fabric8 would write them into
 * resources and the CRD generator into the schema ({@code ready}, {@code deletionProtected}), and an unset
 * {@code synchronous} would come back as false.
 */
public final class ResourceSerialization {

    private ResourceSerialization() {}

    /** A fresh mapper configured for the model; fabric8 registers its own modules on it. */
    public static ObjectMapper newMapper() {
        ObjectMapper mapper = JsonMapper.builder().build();
        mapper.setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
        return mapper;
    }

    /** For clients, the mock server and the CRD generator. */
    public static KubernetesSerialization create() {
        return new KubernetesSerialization(newMapper(), true);
    }
}
