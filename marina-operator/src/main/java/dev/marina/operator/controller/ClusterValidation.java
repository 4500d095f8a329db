package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.EngineCatalog;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.control.engine.Engine;
import dev.marina.operator.render.KubernetesNames;
import java.util.Map;

/**
 * The REST API's validator ({@link ClusterValidator}, over the same engine catalog), plus what Kubernetes adds to names
 * ({@link KubernetesNames}), as {@code marina render} runs them. The CRD's schema and CEL rules catch what they can at
 * {@code kubectl apply}; what needs the engine (versions, components, settings Marina manages, replicas bounds) is
 * caught here, after the resource exists, and reported as a condition.
 */
final class ClusterValidation {

    private final ClusterValidator validator;

    ClusterValidation(Map<String, Engine> engines) {
        requireNonNull(engines, "engines is null");
        this.validator = new ClusterValidator(EngineCatalog.of(
                engines.values().stream().map(Engine::description).toList()));
    }

    /** The REST API's validator alone, as operations are checked with it. */
    ClusterValidator validator() {
        return validator;
    }

    /**
     * The cluster with defaults filled in.
     *
     * @throws InvalidDocumentException with every error, each naming its field
     */
    DatabaseCluster validate(DatabaseCluster cluster) {
        return checkNames(validator.validate(cluster));
    }

    /**
     * {@code cluster} as a change of the spec the control core last accepted: also what may not change (the engine, a
     * component removed, storage shrunk), which the CRD's rules can only partly see (they compare with the stored
     * resource, which may itself be a refused edit).
     *
     * @throws InvalidDocumentException with every error, each naming its field
     */
    DatabaseCluster validateChange(ClusterSpec accepted, DatabaseCluster cluster) {
        return checkNames(validator.validateUpdate(cluster.withSpec(accepted), cluster));
    }

    private static DatabaseCluster checkNames(DatabaseCluster validated) {
        KubernetesNames.checkCluster(validated).ifPresent(error -> {
            throw new InvalidDocumentException(error);
        });
        return validated;
    }
}
