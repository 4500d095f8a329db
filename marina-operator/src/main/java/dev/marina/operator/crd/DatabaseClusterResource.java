package dev.marina.operator.crd;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A {@link DatabaseCluster} as a Kubernetes custom resource: the same spec and status records, with Kubernetes'
 * own metadata. The name rules are ClusterValidator's: member names ({@code <cluster>-<component>-<ordinal>}) must
 * stay DNS labels.
 */
@Group(CustomResources.GROUP)
@Version(CustomResources.VERSION)
@Kind(DatabaseCluster.KIND)
@Plural("databaseclusters")
@Singular("databasecluster")
@ShortNames({"dbc"})
@Categories({"marina"})
@AdditionalPrinterColumn(name = "Engine", jsonPath = ".spec.engine", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".spec.version", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Primary", jsonPath = ".status.primary", type = AdditionalPrinterColumn.Type.STRING)
// A printer column shows one value, not a count of a list; the Ready condition's message is the members' summary
// ("3 of 3 members ready", or which are not).
@AdditionalPrinterColumn(
        name = "Members",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Phase",
        jsonPath = ".status.phase",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
        value = "self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
        message = "metadata.name is not a DNS label; use lower-case letters, digits and '-', starting and ending with"
                + " a letter or digit")
@ValidationRule(
        value = "size(self.metadata.name) <= 47",
        message = "metadata.name is too long; use at most 47 characters so member names stay DNS labels")
@ValidationRule(
        value = "!has(self.spec.components)"
                + " || self.spec.components.all(component, size(self.metadata.name) + size(component) + 6 <= 63)",
        message = "metadata.name is too long with a component name for member names (<cluster>-<component>-<ordinal>"
                + " must stay within 63 characters)")
public class DatabaseClusterResource extends CustomResource<ClusterSpec, ClusterStatus> implements Namespaced {}
