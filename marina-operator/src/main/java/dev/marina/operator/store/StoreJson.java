package dev.marina.operator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.marina.api.yaml.Serialization;
import java.io.UncheckedIOException;

/**
 * The project's JSON mapping ({@link Serialization#json()}) with map entries written in key order: records hold
 * {@code Map.copyOf} maps whose order is salted per JVM, and the same state must give the same text, or every
 * unchanged write would still be a change to the API server and to anyone watching.
 */
final class StoreJson {

    private static final ObjectMapper MAPPER =
            Serialization.json().copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

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
