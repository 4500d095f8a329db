package dev.marina.gateway.admin;

import dev.marina.gateway.config.InvalidConfigException;
import java.util.Map;

/** Reads the gateway's configuration file again and applies what a running gateway can take. */
@FunctionalInterface
public interface Reloader {

    /**
     * @return what changed: {@code applied} (fields in effect now) and {@code pendingRestart} (fields that need a new
     *     process)
     * @throws InvalidConfigException when the file cannot be used; nothing was changed then
     */
    Map<String, Object> reload() throws InvalidConfigException;
}
