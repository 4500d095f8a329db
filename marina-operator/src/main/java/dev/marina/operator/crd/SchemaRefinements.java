package dev.marina.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.marina.api.AvailabilitySpec;
import dev.marina.api.OperationSpec;
import dev.marina.api.validation.Quantity;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the generator's annotations cannot say about the model, said by path: enums of text fields (the model keeps
 * them as strings, so the wire format stays free-form text), patterns of map values, the {@code cpu} and {@code
 * memory} fields of resources, and a required {@code spec}. A path that no longer exists fails generation, so a
 * renamed field cannot silently lose its rule. Also: printer columns in the order the resource class declares them
 * (the generator sorts them by name), and each validation rule once (a record component's annotation reaches the
 * generator through both the field and the accessor).
 */
final class SchemaRefinements implements CRDPostProcessor {

    /** A setting's value must be one line, as ClusterValidator says. */
    static final String ONE_LINE = "^[^\\n\\r\\x00]*$";

    private record Refinement(String crdName, String path, Consumer<JSONSchemaProps> change) {}

    private static final List<Refinement> REFINEMENTS = List.of(
            new Refinement("databaseclusters.marina.dev", "", SchemaRefinements::requireSpec),
            new Refinement(
                    "databaseclusters.marina.dev",
                    "spec.availability.failover",
                    schema -> schema.setEnum(texts(List.of(AvailabilitySpec.AUTOMATIC, AvailabilitySpec.MANUAL)))),
            new Refinement(
                    "databaseclusters.marina.dev", "spec.components.*.config.*", schema -> schema.setPattern(ONE_LINE)),
            new Refinement(
                    "databaseclusters.marina.dev",
                    "spec.components.*.resources",
                    SchemaRefinements::resourceRequirements),
            new Refinement("databaseoperations.marina.dev", "", SchemaRefinements::requireSpec),
            new Refinement(
                    "databaseoperations.marina.dev",
                    "spec.type",
                    schema -> schema.setEnum(texts(OperationSpec.TYPES))));

    /** The longest quantity the schema takes: CEL rules on unbounded strings exceed the API server's cost budget. */
    static final long QUANTITY_MAXIMUM_LENGTH = 32;

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (!(crd instanceof CustomResourceDefinition definition)) {
            throw new IllegalStateException("expected an apiextensions.k8s.io/v1 CRD, got " + crd.getClass());
        }
        String name = definition.getMetadata().getName();
        for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
            JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
            for (Refinement refinement : REFINEMENTS) {
                if (refinement.crdName().equals(name)) {
                    refinement.change().accept(find(root, refinement.path(), name));
                }
            }
            removeRepeatedRules(root);
            orderColumns(version, name);
        }
        return definition;
    }

    private static void resourceRequirements(JSONSchemaProps resources) {
        for (String field : List.of("requests", "limits")) {
            JSONSchemaProps amounts = resources.getProperties().get(field);
            Map<String, JSONSchemaProps> properties = new LinkedHashMap<>();
            properties.put("cpu", quantity("cpu, such as 500m or 2"));
            properties.put("memory", quantity("memory, such as 512Mi or 2Gi"));
            amounts.setProperties(properties);
            amounts.setAdditionalProperties(null);
        }
        List<ValidationRule> rules = new ArrayList<>(
                resources.getXKubernetesValidations() == null ? List.of() : resources.getXKubernetesValidations());
        for (String resource : List.of("cpu", "memory")) {
            String request = "self.requests." + resource;
            String limit = "self.limits." + resource;
            rules.add(new ValidationRuleBuilder()
                    .withRule("!has(self.requests) || !has(self.limits) || !has(" + request + ") || !has(" + limit
                            + ") || !isQuantity(" + request + ") || !isQuantity(" + limit + ") || quantity(" + request
                            + ").compareTo(quantity(" + limit + ")) <= 0")
                    .withMessage("resources.requests." + resource + " is larger than limits." + resource
                            + "; lower it or raise the limit")
                    .build());
        }
        resources.setXKubernetesValidations(rules);
    }

    private static JSONSchemaProps quantity(String description) {
        return new JSONSchemaPropsBuilder()
                .withType("string")
                .withDescription(description)
                .withMaxLength(QUANTITY_MAXIMUM_LENGTH)
                .withPattern(Quantity.PATTERN)
                .build();
    }

    private static void removeRepeatedRules(JSONSchemaProps schema) {
        if (schema == null) {
            return;
        }
        if (schema.getXKubernetesValidations() != null) {
            schema.setXKubernetesValidations(new ArrayList<>(new LinkedHashSet<>(schema.getXKubernetesValidations())));
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(SchemaRefinements::removeRepeatedRules);
        }
        if (schema.getItems() != null) {
            removeRepeatedRules(schema.getItems().getSchema());
        }
        if (schema.getAdditionalProperties() != null) {
            removeRepeatedRules(schema.getAdditionalProperties().getSchema());
        }
    }

    private static void orderColumns(CustomResourceDefinitionVersion version, String crdName) {
        Class<? extends HasMetadata> resource = CustomResources.ALL.stream()
                .filter(type -> HasMetadata.getFullResourceName(type).equals(crdName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no resource class for " + crdName));
        List<String> declared = List.of(resource.getAnnotationsByType(AdditionalPrinterColumn.class)).stream()
                .map(AdditionalPrinterColumn::name)
                .toList();
        List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
        columns.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
        version.setAdditionalPrinterColumns(columns);
    }

    private static JSONSchemaProps find(JSONSchemaProps root, String path, String crdName) {
        JSONSchemaProps schema = root;
        if (path.isEmpty()) {
            return schema;
        }
        for (String segment : path.split("\\.")) {
            JSONSchemaProps next = segment.equals("*")
                    ? (schema.getAdditionalProperties() == null
                            ? null
                            : schema.getAdditionalProperties().getSchema())
                    : schema.getProperties().get(segment);
            if (next == null) {
                throw new IllegalStateException(
                        "no " + path + " in the schema of " + crdName + " (at " + segment + "); was it renamed?");
            }
            schema = next;
        }
        return schema;
    }

    private static void requireSpec(JSONSchemaProps root) {
        List<String> required = new ArrayList<>(root.getRequired() == null ? List.of() : root.getRequired());
        if (!required.contains("spec")) {
            required.add("spec");
        }
        root.setRequired(required);
    }

    private static List<JsonNode> texts(List<String> values) {
        return values.stream().<JsonNode>map(TextNode::new).toList();
    }
}
