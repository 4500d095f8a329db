package dev.marina.operator.crd;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A {@link DatabaseOperation} (switchover, restart, rebuild, decommission, scale) as a Kubernetes custom resource. */
@Group(CustomResources.GROUP)
@Version(CustomResources.VERSION)
@Kind(DatabaseOperation.KIND)
@Plural("databaseoperations")
@Singular("databaseoperation")
@ShortNames({"dbop"})
@Categories({"marina"})
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".spec.cluster", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Message",
        jsonPath = ".status.message",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class DatabaseOperationResource extends CustomResource<OperationSpec, OperationStatus> implements Namespaced {}
