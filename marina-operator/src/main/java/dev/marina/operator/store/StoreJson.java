package dev.marina.operator.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.yaml.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The project's JSON mapping ({@link Serialization#json()}) with map entries written in key order: records hold
 * {@code Map.copyOf} maps whose order is salted per JVM, and the same state must give the same text, or every
 * unchanged write would still be a change to the API server and to anyone watching. Except a spec's components, whose
 * order is the user's and means something (they are listed and started in it).
 */
final class StoreJson {

    private static final ObjectMapper MAPPER = Serialization.json()
            .copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addMixIn(ClusterSpec.class, ComponentsInTheirOrder.class);

    /**
     * ORDER_MAP_ENTRIES_BY_KEYS sorts every map, whatever a property's own format says, so the components are written
     * by a serializer of their own that keeps their order.
     */
    private abstract static class ComponentsInTheirOrder {

        @JsonSerialize(using = InTheirOrder.class)
        public abstract Map<String, ComponentSpec> components();
    }

    private static final class InTheirOrder extends JsonSerializer<Map<String, ComponentSpec>> {

        @Override
        public void serialize(
                Map<String, ComponentSpec> components, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeStartObject();
            for (Map.Entry<String, ComponentSpec> component : components.entrySet()) {
                generator.writeFieldName(component.getKey());
                provider.defaultSerializeValue(component.getValue(), generator);
            }
            generator.writeEndObject();
        }
    }

    private StoreJson() {}

    static ObjectMapper mapper() {
        return MAPPER;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String text, TypeReference<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
