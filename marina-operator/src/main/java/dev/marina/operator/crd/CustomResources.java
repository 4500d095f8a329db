package dev.marina.operator.crd;

import dev.marina.api.DatabaseCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The group and version of Marina's resources, taken apart from the model's apiVersion, and every resource class. */
public final class CustomResources {

    public static final String GROUP = "marina.dev";
    public static final String VERSION = "v1alpha1";

    /** Every custom resource Marina defines; later issues add theirs here. */
    public static final List<Class<? extends HasMetadata>> ALL =
            List.of(DatabaseClusterResource.class, DatabaseOperationResource.class);

    static {
        // The annotations need constants; this keeps them from drifting from the model's apiVersion.
        if (!DatabaseCluster.API_VERSION.equals(GROUP + "/" + VERSION)) {
            throw new ExceptionInInitializerError("marina-api's apiVersion " + DatabaseCluster.API_VERSION
                    + " differs from the custom resources' " + GROUP + "/" + VERSION);
        }
    }

    private CustomResources() {}
}
