package dev.marina.operator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link MemberPlan} as the operator sends it to start the engine or write its files:
 *
 * <pre>{@code
 * {"command": ["/usr/lib/postgresql/15/bin/postgres", "-D", "/etc/marina/config"],
 *  "environment": {},
 *  "files": {"/etc/marina/config/pgpass": {"content": "...", "secret": true}, ...},
 *  "absentFiles": ["/var/lib/marina/data/standby.signal"],
 *  "stopSignal": "INT"}
 * }</pre>
 */
final class MemberPlanJson {

    private MemberPlanJson() {}

    static ObjectNode write(MemberPlan plan) {
        ObjectNode node = Serialization.json().createObjectNode();
        plan.command().forEach(node.putArray("command")::add);
        ObjectNode environment = node.putObject("environment");
        plan.environment().forEach(environment::put);
        ObjectNode files = node.putObject("files");
        plan.files().forEach((path, file) -> {
            ObjectNode written = files.putObject(path);
            written.put("content", file.content());
            written.put("secret", file.secret());
        });
        plan.absentFiles().forEach(node.putArray("absentFiles")::add);
        node.put("stopSignal", plan.stopSignal());
        return node;
    }

    static MemberPlan read(JsonNode request, String path) {
        JsonNode node = JsonFields.object(request, path);
        List<String> command = JsonFields.texts(node, path + ".command");
        if (command.isEmpty()) {
            throw JsonFields.invalid(path + ".command", "must name a program");
        }
        Map<String, PlannedFile> files = new LinkedHashMap<>();
        JsonFields.fields(node, path + ".files").forEach((file, value) -> {
            String filePath = path + ".files[" + file + "]";
            if (!Path.of(file).isAbsolute()) {
                throw JsonFields.invalid(filePath, "a planned file's path must be absolute");
            }
            if (!value.isObject()) {
                throw JsonFields.invalid(filePath, "must be an object");
            }
            files.put(
                    file,
                    new PlannedFile(
                            JsonFields.text(value, filePath + ".content"),
                            JsonFields.bool(value, filePath + ".secret")));
        });
        List<String> absent = JsonFields.texts(node, path + ".absentFiles");
        for (int index = 0; index < absent.size(); index++) {
            if (!Path.of(absent.get(index)).isAbsolute()) {
                throw JsonFields.invalid(path + ".absentFiles[" + index + "]", "must be an absolute path");
            }
        }
        String stopSignal = JsonFields.text(node, path + ".stopSignal");
        Signals.requireName(stopSignal, path + ".stopSignal");
        return new MemberPlan(command, JsonFields.textMap(node, path + ".environment"), files, absent, stopSignal);
    }
}
