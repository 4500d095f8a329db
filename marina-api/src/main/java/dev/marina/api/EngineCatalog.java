package dev.marina.api;

import java.util.List;
import java.util.Optional;

/** The engines this installation can run. */
public interface EngineCatalog {

    Optional<EngineDescription> find(String engineName);

    List<EngineDescription> all();

    static EngineCatalog of(List<EngineDescription> descriptions) {
        List<EngineDescription> copy = List.copyOf(descriptions);
        return new EngineCatalog() {
            @Override
            public Optional<EngineDescription> find(String engineName) {
                return copy.stream().filter(d -> d.name().equals(engineName)).findFirst();
            }

            @Override
            public List<EngineDescription> all() {
                return copy;
            }
        };
    }
}
